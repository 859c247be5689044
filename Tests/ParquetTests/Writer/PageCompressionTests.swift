import Testing

@testable import Parquet

@Suite struct PageCompressionTests {
    /// A compression that keeps every page until it is taken, then pads it, and counts how many were out at once.
    struct DeferredCompression: PageCompression {
        final class Counts {
            var submitted = 0
            var taken = 0
            var mostOut = 0
        }

        let counts = Counts()
        private var waiting: [CompressedPage] = []

        var codec: CompressionCodec { .brotli }

        mutating func submit(_ body: consuming [UInt8], from bodyStart: Int, into output: consuming [UInt8]) {
            #expect(output.isEmpty)
            waiting.append(CompressedPage(body: body, bodyStart: bodyStart, compressed: output))
            counts.submitted += 1
            counts.mostOut = max(counts.mostOut, counts.submitted - counts.taken)
        }

        mutating func takeOldest() throws -> CompressedPage {
            var page = waiting.removeFirst()
            var compressor = PaddingCompressor()
            try page.compress(with: &compressor)
            counts.taken += 1
            return page
        }
    }

    static let columns: [ParquetColumn] = [.int64("n"), .string("device"), .string("note"), .double("x")]

    static func rows(_ count: Int) -> [[TableWriter.Cell]] {
        (0..<count).map { i in
            [
                .int64(Int64(i)), .string("device-\(i % 7)"), i % 5 == 0 ? .null : .string("note \(i)"),
                .double(Double(i) / 4),
            ]
        }
    }

    /// Pages compressed later than they close, many at once, still land in order, each under its own header.
    @Test func pagesTakenBackLaterLandInOrderWithTheirOwnSizes() throws {
        let compression = DeferredCompression()
        let rows = Self.rows(2_500)
        var writer = try ParquetFileWriter(
            schema: try ParquetSchema(Self.columns), options: TableWriter.options(pageRowLimit: 100),
            compression: compression, output: InMemoryParquetOutput())
        for (index, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() { TableWriter.append(cell, column: c, to: &writer) }
            try writer.endRow()
            if index == 1_200 { try writer.flushRowGroup() }
        }
        try writer.finish()
        // Groups of 1,201 and 1,299 rows make 13 data pages per column each; a dictionary page per string column
        // per group.
        #expect(compression.counts.submitted == 2 * 13 * 4 + 2 * 2)
        #expect(compression.counts.taken == compression.counts.submitted)
        #expect(compression.counts.mostOut == ParquetFileWriter.pagesInFlight + 1)

        var file = try ParquetTestFile(writer.memoryBytes)
        file.decompress = { _, stored, _ in try PaddingCompressor.decompress(stored) }
        let values = try ParquetInvariants.check(file)
        for c in Self.columns.indices { #expect(values[c] == rows.map { $0[c].expected }) }
        #expect(file.rowGroups.count == 2)
    }

    /// While pages are out, the row group's size counts their bodies, so a group still ends near its budget.
    @Test func pagesInFlightCountTowardsTheBufferedBytes() throws {
        var writer = try ParquetFileWriter(
            schema: try ParquetSchema([.int64("n")]), options: TableWriter.options(pageRowLimit: 100),
            compression: DeferredCompression(), output: InMemoryParquetOutput())
        for i in 0..<300 {
            writer.append(Int64(i), column: 0)
            try writer.endRow()
        }
        #expect(writer.bufferedByteCount >= 300 * 8)
        #expect(writer.memoryFootprint >= 300 * 8)
    }
}
