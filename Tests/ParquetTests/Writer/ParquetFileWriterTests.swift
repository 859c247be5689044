import SampleData
import Testing

@testable import Parquet

@Suite struct ParquetFileWriterTests {
    typealias Cell = TableWriter.Cell

    static let allTypes: [ParquetColumn] = [
        .int64("i64"),
        .date("day"),
        .double("f64"),
        .boolean("flag"),
        .string("text"),
        ParquetColumn(name: "blob", physicalType: .byteArray, usesDictionary: false),
        .timestamp("at", repetition: .required),
        ParquetColumn(name: "i16", physicalType: .int32, logicalType: .integer(bitWidth: 16, isSigned: true)),
    ]

    static let edgeRows: [[Cell]] = [
        [.int64(.min), .int32(-719_528), .double(1e308), .bool(true), .string(""), .bytes([0]), .int64(0), .int32(-1)],
        [
            .int64(.max), .int32(2_932_896), .double(-0.0), .bool(false), .string("\u{0}"), .bytes([]), .int64(-1),
            .null,
        ],
        [.null, .null, .null, .null, .null, .null, .int64(1_700_000_000_000_000), .int32(32767)],
        [
            .int64(0), .int32(0), .double(-1e308), .bool(true), .string("日本 😀"), .bytes([0xFF, 0]), .int64(.max),
            .int32(-32768),
        ],
        [
            .int64(-1), .int32(1), .double(.leastNonzeroMagnitude), .null, .string("a\u{0}b"), .null, .int64(.min),
            .int32(0),
        ],
    ]

    @Test func edgeValuesOfEveryTypeRoundTrip() throws {
        let file = try TableWriter.roundTrip(Self.allTypes, rows: Self.edgeRows)
        #expect(file.metadata.string(6) == "stowage version 0.0.0 (build test)")
        let kv = file.metadata.structs(5)!
        #expect(kv.count == 1 && kv[0].string(1) == "k" && kv[0].string(2) == "v")
        let leaves = file.leaves
        #expect(leaves.map { $0.int(1) } == [2, 1, 5, 0, 6, 6, 2, 1])
        #expect(leaves.map { $0.int(3) } == [1, 1, 1, 1, 1, 1, 0, 1])
        #expect(leaves.map { $0.int(6) } == [nil, 6, nil, nil, 0, nil, 10, 16])
        #expect(leaves[6].structure(10)?.structure(8)?.bool(1) == true)
        #expect(leaves[7].structure(10)?.structure(10)?.int(1) == 16)
        #expect(leaves[4].structure(10)?.structure(1) != nil)
        #expect(file.metadata.structs(7)?.allSatisfy { $0.structure(1) != nil } == true)
    }

    @Test func statisticsFollowTheTypeDefinedOrder() throws {
        let file = try TableWriter.roundTrip(Self.allTypes, rows: Self.edgeRows)
        func stats(_ c: Int) -> ThriftCompactReader.Struct {
            file.columnMetaData(rowGroup: 0, column: c).structure(12)!
        }
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        #expect(stats(0).binary(6) == le(Int64.min) && stats(0).binary(5) == le(Int64.max))
        #expect(stats(0).int(3) == 1)
        #expect(stats(1).binary(6) == le(Int32(-719_528)) && stats(1).binary(5) == le(Int32(2_932_896)))
        #expect(stats(2).binary(6) == le((-1e308).bitPattern) && stats(2).binary(5) == le((1e308).bitPattern))
        #expect(stats(2).int(9) == 0, "nan_count is written for doubles")
        #expect(stats(3).binary(6) == [0] && stats(3).binary(5) == [1])
        #expect(stats(4).binary(6) == [] && stats(4).binary(5) == Array("日本 😀".utf8))
        #expect(stats(4).bool(7) == true && stats(4).bool(8) == true)
        #expect(stats(5).binary(6) == [] && stats(5).binary(5) == [0xFF, 0])
        #expect(stats(7).binary(6) == le(Int32(-32768)) && stats(7).binary(5) == le(Int32(32767)))
        for c in 0..<8 { #expect(stats(c).binary(1) == nil && stats(c).binary(2) == nil, "no deprecated min/max") }
    }

    static let doubleCases: [([Double], Double, Double)] = [
        ([0.0, 1.0], -0.0, 1.0),
        ([-0.0, -1.0], -1.0, 0.0),
        ([0.0, -0.0], -0.0, 0.0),
        ([.nan, 2.0, .nan, -3.0], -3.0, 2.0),
    ]

    @Test(arguments: doubleCases)
    func doubleStatisticsWriteSignedZerosAndSkipNaN(values: [Double], low: Double, high: Double) throws {
        let file = try ParquetTestFile(
            TableWriter.write([.double("d")], rows: values.map { [.double($0)] }))
        let stats = file.columnMetaData(rowGroup: 0, column: 0).structure(12)!
        #expect(stats.binary(6) == withUnsafeBytes(of: low.bitPattern.littleEndian) { Array($0) })
        #expect(stats.binary(5) == withUnsafeBytes(of: high.bitPattern.littleEndian) { Array($0) })
        #expect(stats.int(9) == Int64(values.filter(\.isNaN).count))
    }

    @Test func allNaNDoublesHaveNoMinMax() throws {
        let file = try ParquetTestFile(TableWriter.write([.double("d")], rows: [[.double(.nan)], [.null]]))
        let stats = file.columnMetaData(rowGroup: 0, column: 0).structure(12)!
        #expect(stats.binary(5) == nil && stats.binary(6) == nil && stats.int(9) == 1 && stats.int(3) == 1)
    }

    @Test func stringsCompareAsUnsignedBytes() throws {
        let rows: [[Cell]] = ["z", "\u{80}", "A", "é", "zz"].map { [.string($0)] }
        let file = try TableWriter.roundTrip([.string("s")], rows: rows)
        let stats = file.columnMetaData(rowGroup: 0, column: 0).structure(12)!
        #expect(stats.binary(6) == Array("A".utf8))
        #expect(stats.binary(5) == Array("é".utf8))
    }

    @Test func longStringStatisticsAreTruncatedBounds() throws {
        let long = String(repeating: "b", count: 63) + "éé" + String(repeating: "x", count: 100)
        let rows: [[Cell]] = [[.string(long)], [.string("a" + long)], [.string("c")]]
        let file = try TableWriter.roundTrip([.string("s")], rows: rows)
        let stats = file.columnMetaData(rowGroup: 0, column: 0).structure(12)!
        // min: "a" + 63 "b" is 64 bytes, a complete prefix of the least value.
        #expect(stats.binary(6) == Array(("a" + String(repeating: "b", count: 63)).utf8))
        #expect(stats.bool(8) == false)
        #expect(stats.binary(5) == Array("c".utf8) && stats.bool(7) == true)

        let maxRows: [[Cell]] = [[.string(long)], [.string("a")]]
        let maxStats = try TableWriter.roundTrip([.string("s")], rows: maxRows).columnMetaData(rowGroup: 0, column: 0)
            .structure(12)!
        // The 64-byte cut ends inside the first "é" (bytes 63–64), which is dropped; the last "b" becomes "c".
        #expect(maxStats.binary(5) == Array((String(repeating: "b", count: 62) + "c").utf8))
        #expect(maxStats.bool(7) == false)
    }

    @Test func theDictionaryFallsBackToPlainMidChunk() throws {
        let rows: [[Cell]] = (0..<3000).map { i in
            i % 7 == 0 ? [.null] : [.string(i < 1000 ? "v\(i % 10)" : "distinct value \(i)")]
        }
        let options = TableWriter.options(pageRowLimit: 500, dictionarySizeLimit: 4096)
        let file = try TableWriter.roundTrip([.string("s")], rows: rows, options: options)
        let meta = file.columnMetaData(rowGroup: 0, column: 0)
        let pages = try file.pages(rowGroup: 0, column: 0)
        let encodings = pages.filter { $0.type == 0 }.map { $0.header.structure(5)!.int(2)! }
        #expect(pages.first?.type == 2)
        #expect(encodings.prefix(2) == [8, 8] && encodings.last == 0)
        #expect(Set(meta.ints(2)!) == [0, 3, 8])
        let dictionaryHeader = pages[0].header.structure(7)!
        #expect(dictionaryHeader.int(2) == 0)
        #expect(pages[0].body.count <= 4096)
    }

    @Test func aDictionaryOverflowInTheFirstPageLeavesNoDictionaryPage() throws {
        let rows: [[Cell]] = (0..<200).map { [.string("value number \($0)")] }
        let options = TableWriter.options(dictionarySizeLimit: 64)
        let file = try TableWriter.roundTrip([.string("s")], rows: rows, options: options)
        let meta = file.columnMetaData(rowGroup: 0, column: 0)
        #expect(meta.int(11) == nil)
        #expect(try file.pages(rowGroup: 0, column: 0).allSatisfy { $0.type == 0 })
    }

    @Test func eachRowGroupGetsItsOwnDictionary() throws {
        let rows: [[Cell]] = (0..<100).map { [.string("g\($0 / 10)"), .int64(Int64($0))] }
        let file = try TableWriter.roundTrip(
            [.string("s"), .int64("n", repetition: .required)], rows: rows, groupRows: 10)
        #expect(file.rowGroups.count == 10)
        for g in 0..<10 {
            let dictionary = try file.pages(rowGroup: g, column: 0)[0]
            #expect(dictionary.type == 2 && dictionary.header.structure(7)?.int(1) == 1)
        }
    }

    @Test func manyRowGroups() throws {
        let rows: [[Cell]] = (0..<1000).map { [.int64(Int64($0)), $0 % 3 == 0 ? .null : .string("s\($0 % 5)")] }
        let file = try TableWriter.roundTrip([.int64("n"), .string("s")], rows: rows, groupRows: 7)
        #expect(file.rowGroups.count == 143)
        #expect(file.rowGroups.last?.int(3) == 6)
    }

    @Test func pagesOfOneRow() throws {
        let rows: [[Cell]] = (0..<50).map { [.int64(Int64($0)), .string("x\($0 % 2)"), .bool($0 % 3 == 0)] }
        let file = try TableWriter.roundTrip(
            [.int64("n"), .string("s"), .boolean("b")], rows: rows, options: TableWriter.options(pageRowLimit: 1))
        #expect(try file.pages(rowGroup: 0, column: 0).count == 50)
        #expect(try file.pages(rowGroup: 0, column: 1).count == 51)
    }

    /// The same rows with page size limits from 1 byte up must read back identically.
    @Test(arguments: [1, 2, 7, 64, 4096, 1 << 20])
    func pageSizeLimitsDoNotChangeValues(limit: Int) throws {
        var random = SplitMix64(seed: 7)
        let rows: [[Cell]] = (0..<700).map { _ in
            let r = random.next()
            return [
                r % 11 == 0 ? .null : .int64(Int64(bitPattern: random.next())),
                r % 13 == 0 ? .null : .string(String(repeating: "q", count: Int(r % 40))),
                .double(Double(Int64(r % 1000)) / 8),
                .bool(r % 2 == 0),
            ]
        }
        try TableWriter.roundTrip(
            [.int64("a"), .string("b"), .double("c"), .boolean("d", repetition: .required)], rows: rows,
            options: TableWriter.options(pageSizeLimit: limit))
    }

    @Test func fiveHundredColumns() throws {
        let columns: [ParquetColumn] = (0..<500).map { c in
            switch c % 4 {
            case 0: .int64("c\(c)")
            case 1: .string("c\(c)")
            case 2: .double("c\(c)")
            default: .boolean("c\(c)")
            }
        }
        let rows: [[Cell]] = (0..<30).map { r in
            (0..<500).map { c in
                if (r + c) % 9 == 0 { return .null }
                switch c % 4 {
                case 0: return .int64(Int64(r * c))
                case 1: return .string("r\(r % 3)c\(c)")
                case 2: return .double(Double(r) * 0.5)
                default: return .bool((r + c) % 2 == 0)
                }
            }
        }
        let file = try TableWriter.roundTrip(columns, rows: rows, groupRows: 20)
        #expect(file.leaves.count == 500 && file.rowGroups.count == 2)
    }

    @Test func stringsOfSeveralMiB() throws {
        let big = [UInt8]((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let rows: [[Cell]] = [[.bytes(big)], [.string("small")], [.bytes(big + [1])], [.null], [.bytes(big)]]
        let file = try TableWriter.roundTrip([.string("s")], rows: rows)
        let stats = file.columnMetaData(rowGroup: 0, column: 0).structure(12)!
        #expect(stats.binary(6) == Array(big[0..<64]) && stats.bool(8) == false)
        #expect(stats.binary(5) == Array("small".utf8))
    }

    @Test func allNullColumns() throws {
        let columns: [ParquetColumn] = [.int64("a"), .string("b"), .double("c"), .boolean("d"), .date("e")]
        let rows = [[Cell]](repeating: [Cell](repeating: .null, count: 5), count: 40)
        let file = try TableWriter.roundTrip(columns, rows: rows, options: TableWriter.options(pageRowLimit: 16))
        for c in 0..<5 {
            let meta = file.columnMetaData(rowGroup: 0, column: c)
            let stats = meta.structure(12)!
            #expect(stats.int(3) == 40 && stats.binary(5) == nil && stats.binary(6) == nil)
            #expect(meta.int(11) == nil)
        }
    }

    @Test func aFileWithNoRowsHasTheSchemaAndNoRowGroups() throws {
        let bytes = try TableWriter.write(Self.allTypes, rows: [])
        let file = try ParquetTestFile(bytes)
        try ParquetInvariants.check(file)
        #expect(file.metadata.int(3) == 0 && file.rowGroups.isEmpty && file.leaves.count == 8)
        #expect(Array(bytes[0..<4]) == Array("PAR1".utf8))
    }

    @Test func compressedSizesComeFromTheCompressor() throws {
        let rows: [[Cell]] = (0..<300).map { [.int64(Int64($0 % 4)), .string("v\($0 % 3)")] }
        let bytes = try TableWriter.write(
            [.int64("n"), .string("s")], rows: rows, options: TableWriter.options(pageRowLimit: 100),
            compressor: PaddingCompressor())
        var file = try ParquetTestFile(bytes)
        file.decompress = { codec, stored, _ in
            #expect(codec == Int64(CompressionCodec.brotli.rawValue))
            return try PaddingCompressor.decompress(stored)
        }
        let values = try ParquetInvariants.check(file)
        #expect(values[0] == rows.map { $0[0].expected })
        #expect(values[1] == rows.map { $0[1].expected })
        for page in try file.pages(rowGroup: 0, column: 0) {
            #expect(page.header.int(3) == page.header.int(2)! + 5)
        }
    }

    @Test func bytesReachTheOutputAtEachFlush() throws {
        var writer = try ParquetFileWriter(
            schema: try ParquetSchema([.int64("n")]), options: TableWriter.options(),
            compressor: UncompressedPageCompressor(),
            output: InMemoryParquetOutput())
        for i in 0..<100 {
            writer.append(Int64(i), column: 0)
            try writer.endRow()
        }
        #expect(writer.bytesWritten == 0 && writer.bufferedByteCount >= 800)
        try writer.flushRowGroup()
        #expect(writer.bytesWritten > 800 && writer.memoryBytes.count == Int(writer.bytesWritten))
        #expect(writer.bufferedByteCount == 0 && writer.rowGroupCount == 1 && writer.rowCount == 100)
        let retained = writer.memoryFootprint
        writer.releaseUnusedMemory()
        #expect(writer.memoryFootprint < retained)
        try writer.finish()
        try ParquetInvariants.check(ParquetTestFile(writer.memoryBytes))
    }

    @Test func invalidOptionsAreRejected() {
        #expect(throws: ParquetError.self) {
            _ = try ParquetFileWriter(
                schema: try ParquetSchema([.int64("n")]), options: ParquetWriterOptions(createdBy: ""),
                compressor: UncompressedPageCompressor(), output: InMemoryParquetOutput())
        }
        var options = TableWriter.options()
        options.pageRowLimit = 0
        #expect(throws: ParquetError.self) {
            _ = try ParquetFileWriter(
                schema: try ParquetSchema([.int64("n")]), options: options, compressor: UncompressedPageCompressor(),
                output: InMemoryParquetOutput())
        }
    }
}

/// A stand-in codec whose output is 5 bytes longer than its input: a marker, the length, then the bytes reversed.
struct PaddingCompressor: PageCompressor {
    var codec: CompressionCodec { .brotli }

    func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.append(0xAB)
        withUnsafeBytes(of: UInt32(input.count).littleEndian) { output.append(contentsOf: $0) }
        output.append(contentsOf: input.reversed())
    }

    static func decompress(_ stored: [UInt8]) throws -> [UInt8] {
        guard stored.first == 0xAB, stored.count >= 5, Int(ParquetTestFile.u32(stored, at: 1)) == stored.count - 5
        else { throw ThriftCompactReader.DecodeError(description: "not a padded page") }
        return stored[5...].reversed()
    }
}

@Suite struct ParquetFileWriterMemoryTests {
    /// After the first row group, buffers are reused: the footprint stays flat however many groups follow.
    @Test func theFootprintStopsGrowingAfterTheFirstRowGroup() throws {
        let schema = try ParquetSchema([.int64("n"), .string("s"), .string("t"), .double("d")])
        let options = TableWriter.options(pageSizeLimit: 16 << 10, pageRowLimit: 2000, dictionarySizeLimit: 8 << 10)
        var writer = try ParquetFileWriter(
            schema: schema, options: options, compressor: UncompressedPageCompressor(), output: InMemoryParquetOutput())
        var footprints: [Int] = []
        for group in 0..<12 {
            for i in 0..<10_000 {
                writer.append(Int64(i), column: 0)
                Array("device-\(i % 50)".utf8).withUnsafeBytes { writer.append(bytes: $0, column: 1) }
                Array("unique \(group) \(i)".utf8).withUnsafeBytes { writer.append(bytes: $0, column: 2) }
                writer.append(Double(i), column: 3)
                try writer.endRow()
            }
            try writer.flushRowGroup()
            footprints.append(writer.memoryFootprint)
        }
        #expect(footprints.last! <= footprints[1] + footprints[1] / 10, "\(footprints)")
        let bound = ParquetFileWriter.openBufferBound(schema: schema, options: options)
        #expect(bound > 0)
        try writer.finish()
        try ParquetInvariants.check(ParquetTestFile(writer.memoryBytes))
    }
}

@Suite struct ParquetFileWriterListTests {
    typealias Cell = TableWriter.Cell

    static let columns: [ParquetColumn] = [
        .list("tags", of: .byteArray, logicalType: .string),
        .list("scores", of: .int64, elementRepetition: .required, repetition: .required),
        .int64("id", repetition: .required),
        .list("flags", of: .boolean),
    ]

    static func rows(_ count: Int) -> [[Cell]] {
        (0..<count).map { i -> [Cell] in
            let tags: Cell =
                switch i % 5 {
                case 0: .null
                case 1: .list([])
                case 2: .list([.string("a"), .null, .string("日本")])
                case 3: .list([.null])
                default: .list((0..<(i % 13)).map { .string("t\($0 % 4)") })
                }
            let scores: Cell = .list((0..<(i % 4)).map { .int64(Int64(i * 10 + $0)) })
            let flags: Cell = i % 7 == 0 ? .null : .list((0..<(i % 3)).map { .bool(($0 + i) % 2 == 0) })
            return [tags, scores, .int64(Int64(i)), flags]
        }
    }

    @Test func listsRoundTripWithNullAndEmptyLists() throws {
        let file = try TableWriter.roundTrip(Self.columns, rows: Self.rows(300), groupRows: 128)
        let schema = file.schema
        #expect(schema.count == 1 + 3 + 3 + 1 + 3)
        #expect(schema[1].string(4) == "tags" && schema[1].int(6) == 3 && schema[1].structure(10)?.structure(3) != nil)
        #expect(schema[2].string(4) == "list" && schema[2].int(3) == 2)
        #expect(schema[3].string(4) == "element" && schema[3].int(6) == 0)
        #expect(file.leafInfo.map(\.maxDefinitionLevel) == [3, 1, 0, 3])
        #expect(file.metadata.structs(7)?.count == 4)
        let stats = file.columnMetaData(rowGroup: 0, column: 1).structure(12)!
        #expect(stats.binary(6) == withUnsafeBytes(of: Int64(10).littleEndian) { Array($0) })
    }

    @Test(arguments: [1, 3, 64, 20_000])
    func listsSurviveAnyPageRowLimit(limit: Int) throws {
        try TableWriter.roundTrip(
            Self.columns, rows: Self.rows(200), options: TableWriter.options(pageRowLimit: limit), groupRows: 70)
    }
}
