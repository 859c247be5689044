import SampleData
import Testing

@testable import Parquet

/// Random schemas, values, limits and flush points, each file read back in full and checked for every invariant.
@Suite struct RandomTableTests {
    typealias Cell = TableWriter.Cell

    static func column(_ c: Int, _ random: inout SplitMix64) -> ParquetColumn {
        let repetition: FieldRepetitionType = random.next() % 3 == 0 ? .required : .optional
        let kinds: [ParquetColumn] = [
            .int64("c\(c)", repetition: repetition),
            .date("c\(c)", repetition: repetition),
            .double("c\(c)", repetition: repetition),
            .boolean("c\(c)", repetition: repetition),
            .string("c\(c)", repetition: repetition),
            ParquetColumn(name: "c\(c)", physicalType: .byteArray, repetition: repetition, usesDictionary: false),
            .list("c\(c)", of: .int32, elementRepetition: random.next() % 2 == 0 ? .required : .optional),
            .list("c\(c)", of: .byteArray, logicalType: .string, repetition: repetition),
        ]
        return kinds[Int(random.next() % UInt64(kinds.count))]
    }

    static func cell(for column: ParquetColumn, _ random: inout SplitMix64, inList: Bool = false) -> Cell {
        let nullable = inList ? column.listElementRepetition == .optional : column.repetition == .optional
        if nullable && random.next() % 5 == 0 { return .null }
        if column.isList && !inList {
            return .list((0..<Int(random.next() % 5)).map { _ in cell(for: column, &random, inList: true) })
        }
        let r = random.next()
        switch column.physicalType {
        case .int64: return .int64(r % 7 == 0 ? Int64(bitPattern: r) : Int64(r % 100))
        case .int32: return .int32(Int32(truncatingIfNeeded: r % 11 == 0 ? r : r % 50))
        case .double: return .double(r % 13 == 0 ? -0.0 : Double(Int64(r % 2000) - 1000) / 7)
        case .boolean: return .bool(r % 2 == 0)
        case .byteArray:
            let length = r % 17 == 0 ? Int(r % 300) : Int(r % 6)
            return .bytes((0..<length).map { UInt8(truncatingIfNeeded: (r >> 8) &+ UInt64($0 % 3)) | 0x20 })
        }
    }

    @Test(arguments: 0..<24)
    func randomTablesRoundTrip(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &* 0x1234_5678)
        let columnCount = 1 + Int(random.next() % 12)
        let columns = (0..<columnCount).map { Self.column($0, &random) }
        let rowCount = Int(random.next() % 900)
        let rows = (0..<rowCount).map { _ in columns.map { Self.cell(for: $0, &random) } }
        let options = TableWriter.options(
            pageSizeLimit: [1, 100, 4096, 1 << 20][Int(random.next() % 4)],
            pageRowLimit: [1, 7, 300, 20_000][Int(random.next() % 4)],
            dictionarySizeLimit: [0, 40, 2000, 1 << 20][Int(random.next() % 4)])
        try TableWriter.roundTrip(
            columns, rows: rows, options: options, groupRows: [1, 33, 500, .max][Int(random.next() % 4)])
    }
}

@Suite struct ParquetFileWriterFailureTests {
    struct FailingOutput: ParquetOutput {
        struct Failure: Error {}
        func write(_ bytes: UnsafeRawBufferPointer) throws { throw Failure() }
    }

    struct FailingCompressor: PageCompressor {
        struct Failure: Error {}
        var codec: CompressionCodec { .zstd }
        func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws { throw Failure() }
    }

    @Test func anOutputErrorSurfacesFromTheFlush() throws {
        var writer = try ParquetFileWriter(
            schema: try ParquetSchema([.int64("n")]), options: TableWriter.options(),
            compressor: UncompressedPageCompressor(), output: FailingOutput())
        writer.append(Int64(1), column: 0)
        try writer.endRow()
        #expect(throws: FailingOutput.Failure.self) { try writer.flushRowGroup() }
    }

    /// Pages are taken back from the compression, and its errors surface, once more than `pagesInFlight` are out.
    @Test func aCompressorErrorSurfacesFromTheRowThatTakesItsPageBack() throws {
        var writer = try ParquetFileWriter(
            schema: try ParquetSchema([.int64("n")]), options: TableWriter.options(pageRowLimit: 1),
            compressor: FailingCompressor(), output: InMemoryParquetOutput())
        for row in 1...ParquetFileWriter.pagesInFlight {
            writer.append(Int64(row), column: 0)
            try writer.endRow()
        }
        writer.append(Int64(0), column: 0)
        #expect(throws: FailingCompressor.Failure.self) { try writer.endRow() }
    }

    @Test func aCompressorErrorSurfacesFromTheFlushOfAShortGroup() throws {
        var writer = try ParquetFileWriter(
            schema: try ParquetSchema([.int64("n")]), options: TableWriter.options(),
            compressor: FailingCompressor(), output: InMemoryParquetOutput())
        writer.append(Int64(1), column: 0)
        try writer.endRow()
        #expect(throws: FailingCompressor.Failure.self) { try writer.flushRowGroup() }
    }
}
