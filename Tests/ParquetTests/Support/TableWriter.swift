import Testing

@testable import Parquet

extension ParquetFileWriter {
    /// The file so far, when the output is an ``InMemoryParquetOutput``.
    var memoryBytes: [UInt8] { (output as? InMemoryParquetOutput)?.bytes ?? [] }
}

/// Writes rows of ``Cell``s through ``ParquetFileWriter`` and reads them back with ``ParquetTestFile``.
enum TableWriter {
    /// One value to append.
    enum Cell: Equatable, Sendable {
        case null
        case int64(Int64)
        case int32(Int32)
        case double(Double)
        case bool(Bool)
        case bytes([UInt8])
        /// A list for a LIST column; `.null` is a null list.
        case list([Cell])

        static func string(_ s: String) -> Cell { .bytes(Array(s.utf8)) }

        /// What the test reader should decode.
        var expected: ParquetTestFile.Value? {
            switch self {
            case .null: nil
            case .int64(let v): .int(v)
            case .int32(let v): .int(Int64(v))
            case .double(let v): .real(v)
            case .bool(let v): .bool(v)
            case .bytes(let b): .bytes(b)
            case .list(let cells): .list(cells.map(\.expected))
            }
        }
    }

    static func options(
        pageSizeLimit: Int = 1 << 20, pageRowLimit: Int = 20_000, dictionarySizeLimit: Int = 1 << 20
    ) -> ParquetWriterOptions {
        ParquetWriterOptions(
            createdBy: "stowage version 0.0.0 (build test)", keyValueMetadata: [KeyValue(key: "k", value: "v")],
            pageSizeLimit: pageSizeLimit, pageRowLimit: pageRowLimit, dictionarySizeLimit: dictionarySizeLimit)
    }

    static func append(_ cell: Cell, column: Int, to writer: inout ParquetFileWriter) {
        switch cell {
        case .null: writer.appendNull(column: column)
        case .int64(let v): writer.append(v, column: column)
        case .int32(let v): writer.append(v, column: column)
        case .double(let v): writer.append(v, column: column)
        case .bool(let v): writer.append(v, column: column)
        case .bytes(let b): b.withUnsafeBytes { writer.append(bytes: $0, column: column) }
        case .list(let cells):
            writer.beginList(column: column)
            for cell in cells { append(cell, column: column, to: &writer) }
            writer.endList(column: column)
        }
    }

    /// Writes `rows` (one cell per column), flushing a row group every `groupRows` rows.
    static func write<C: PageCompressor>(
        _ columns: [ParquetColumn], rows: [[Cell]], options: ParquetWriterOptions = options(),
        groupRows: Int = .max, compressor: C = UncompressedPageCompressor()
    ) throws -> [UInt8] {
        var writer = try ParquetFileWriter(
            schema: try ParquetSchema(columns), options: options, compressor: compressor,
            output: InMemoryParquetOutput())
        for row in rows {
            for (c, cell) in row.enumerated() { append(cell, column: c, to: &writer) }
            try writer.endRow()
            if writer.rowGroupRowCount >= groupRows { try writer.flushRowGroup() }
        }
        try writer.finish()
        #expect(writer.bytesWritten == Int64(writer.memoryBytes.count))
        return writer.memoryBytes
    }

    /// Writes, reads back, checks every invariant and every value; returns the parsed file.
    @discardableResult
    static func roundTrip(
        _ columns: [ParquetColumn], rows: [[Cell]], options: ParquetWriterOptions = options(),
        groupRows: Int = .max, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ParquetTestFile {
        let file = try ParquetTestFile(write(columns, rows: rows, options: options, groupRows: groupRows))
        let values = try ParquetInvariants.check(file, sourceLocation: sourceLocation)
        for c in columns.indices {
            let expected = rows.map { $0[c].expected }
            #expect(values[c].count == expected.count, "column \(c) count", sourceLocation: sourceLocation)
            if values[c] != expected {
                let first = expected.indices.first { $0 >= values[c].count || values[c][$0] != expected[$0] } ?? -1
                Issue.record("column \(c) differs first at row \(first)", sourceLocation: sourceLocation)
            }
        }
        return file
    }
}
