import Testing

/// Proves the test-only decoder on files other writers made (apache/parquet-testing, figures from pyarrow 26).
@Suite struct ThriftCompactReaderTests {
    static let fixtures: [(String, Int64, Int, String, String, Int64)] = [
        ("alltypes_plain.parquet", 8, 11, "impala version 1.3.0-INTERNAL", "id", 49),
        ("alltypes_dictionary.parquet", 2, 11, "impala version 1.3.0-INTERNAL", "id", 25),
        ("alltypes_plain.snappy.parquet", 2, 11, "impala version 1.3.0-INTERNAL", "id", 27),
        ("concatenated_gzip_members.parquet", 513, 1, "", "long_col", 4),
        ("datapage_v1-snappy-compressed-checksum.parquet", 5120, 2, "parquet-mr version 1.13.0-SNAPSHOT", "a", 4),
        ("dict-page-offset-zero.parquet", 39, 1, "parquet-mr version 1.12.0", "l_partkey", 4),
        ("list_columns.parquet", 3, 2, "parquet-cpp version 1.5.1-SNAPSHOT", "int64_list", 46),
        ("nulls.snappy.parquet", 8, 1, "parquet-mr version 1.8.2", "b_struct", 4),
        ("plain-dict-uncompressed-checksum.parquet", 1000, 2, "parquet-mr version 1.13.0-SNAPSHOT", "long_field", 31),
    ]

    @Test(arguments: fixtures)
    func parsesFixtureFooters(
        name: String, rows: Int64, leaves: Int, createdBy: String, firstPath: String, dataPageOffset: Int64
    ) throws {
        let file = try ParquetTestFile(Fixtures.bytes(name))
        #expect(file.metadata.int(3) == rows)
        #expect(file.rowGroups.count == 1)
        #expect(file.rowGroups[0].structs(1)?.count == leaves)
        #expect((file.metadata.string(6) ?? "").hasPrefix(createdBy))
        let first = file.columnMetaData(rowGroup: 0, column: 0)
        #expect(first.strings(3)?.first == firstPath)
        #expect(first.int(9) == dataPageOffset)
        #expect(file.rowGroups[0].int(3) == rows)
    }

    @Test func decodesAlltypesPlainValues() throws {
        let file = try ParquetTestFile(Fixtures.bytes("alltypes_plain.parquet"))
        #expect(try file.values(rowGroup: 0, column: 0) == [4, 5, 6, 7, 2, 3, 0, 1].map { .int($0) })
        #expect(try file.values(rowGroup: 0, column: 1) == (0..<8).map { .bool($0 % 2 == 0) })
        #expect(try file.values(rowGroup: 0, column: 9) == (0..<8).map { .string("\($0 % 2)") })
        #expect(try file.values(rowGroup: 0, column: 7) == (0..<8).map { .real($0 % 2 == 0 ? 0 : 10.1) })
    }

    @Test func decodesAlltypesDictionaryValues() throws {
        let file = try ParquetTestFile(Fixtures.bytes("alltypes_dictionary.parquet"))
        #expect(try file.values(rowGroup: 0, column: 0) == [.int(0), .int(1)])
        #expect(try file.values(rowGroup: 0, column: 8) == [.string("01/01/09"), .string("01/01/09")])
    }

    @Test func decodesAParquetMRDictionaryFile() throws {
        let file = try ParquetTestFile(Fixtures.bytes("plain-dict-uncompressed-checksum.parquet"))
        let longs = try file.values(rowGroup: 0, column: 0)
        let strings = try file.values(rowGroup: 0, column: 1)
        #expect(longs.count == 1000 && strings.count == 1000)
        #expect(longs.first == .int(0))
        #expect(strings.first == .string("a655fd0e-9949-4059-bcae-fd6a002a4652"))
    }
}
