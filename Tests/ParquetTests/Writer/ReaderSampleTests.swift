import Foundation
import Testing

@testable import Parquet

/// Writes sample files for independent readers (pyarrow, DuckDB, polars) into `$PARQUET_SAMPLE_DIR`, each with
/// a `.expected.json` of its values: integers as strings, doubles as bit patterns `b:<u64>`, byte arrays as `x:<hex>`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PARQUET_SAMPLE_DIR"] != nil))
struct ReaderSampleTests {
    typealias Cell = TableWriter.Cell

    static var directory: String { ProcessInfo.processInfo.environment["PARQUET_SAMPLE_DIR"]! }

    static let columns: [ParquetColumn] = [
        .int64("i64"),
        ParquetColumn(name: "i64_annotated", physicalType: .int64, logicalType: .integer(bitWidth: 64, isSigned: true)),
        ParquetColumn(name: "i16", physicalType: .int32, logicalType: .integer(bitWidth: 16, isSigned: true)),
        .date("day"),
        .timestamp("ts_utc_us"),
        .timestamp("ts_local_ms", isAdjustedToUTC: false, unit: .millis),
        ParquetColumn(name: "time_us", physicalType: .int64, logicalType: .time(isAdjustedToUTC: false)),
        .double("f64"),
        .boolean("flag"),
        .string("device"),
        .string("unique"),
        ParquetColumn(name: "blob", physicalType: .byteArray, usesDictionary: false),
        .int64("seq", repetition: .required),
        .string("all_null"),
        .list("tag_list", of: .byteArray, logicalType: .string),
        .list("int_list", of: .int64, elementRepetition: .required, repetition: .required),
    ]

    static func rows(count: Int) -> [[Cell]] {
        let specialStrings = ["", "\u{0}", "日本 😀", "a\u{0}b", String(repeating: "é", count: 80)]
        let specialDoubles = [1e308, -1e308, -0.0, 0.0, .leastNonzeroMagnitude, 0.1]
        return (0..<count).map { i in
            let n = Int64(i)
            return [
                i % 10 == 9 ? .null : .int64(i < 4 ? [.min, .max, 0, -1][i] : n * 1_000_003 - 500_000_000),
                i % 7 == 3 ? .null : .int64(n - 50),
                i % 5 == 4 ? .null : .int32(Int32(i % 65_536) - 32_768),
                i % 6 == 5 ? .null : .int32(Int32(i % 3000) - 719_528 + 19_000 * Int32(i % 2)),
                i % 8 == 7 ? .null : .int64(1_700_000_000_000_000 + n * 1_000_001),
                i % 9 == 8 ? .null : .int64(-62_135_596_800_000 + n * 86_400_000),
                i % 4 == 3 ? .null : .int64((n * 1_000_000_007) % 86_400_000_000),
                i % 11 == 10 ? .null : .double(i < specialDoubles.count ? specialDoubles[i] : Double(i) * 0.25 - 100),
                i % 3 == 2 ? .null : .bool(i % 2 == 0),
                i % 13 == 12 ? .null : .string(i < specialStrings.count ? specialStrings[i] : "device-\(i % 100)"),
                .string("unique value \(i) " + String(repeating: "x", count: i % 50)),
                i % 2 == 1 ? .null : .bytes((0..<(i % 17)).map { UInt8(truncatingIfNeeded: $0 * 37 + i) }),
                .int64(n),
                .null,
                i % 6 == 0
                    ? .null
                    : .list(
                        (0..<(i % 5)).map { k -> Cell in k == 2 ? .null : .string(k == 3 ? "" : "tag\((i + k) % 30)") }),
                .list((0..<(i % 3)).map { .int64(n * 3 + Int64($0)) }),
            ]
        }
    }

    static func json(_ columns: [ParquetColumn], _ rows: [[Cell]]) -> String {
        var parts: [String] = []
        for (c, column) in columns.enumerated() {
            let values = rows.map { json($0[c]) }
            parts.append("\"\(column.name)\": [" + values.joined(separator: ", ") + "]")
        }
        return "{" + parts.joined(separator: ",\n") + "}\n"
    }

    static func json(_ cell: Cell) -> String {
        switch cell {
        case .null: "null"
        case .int64(let v): "\"\(v)\""
        case .int32(let v): "\"\(v)\""
        case .double(let v): "\"b:\(v.bitPattern)\""
        case .bool(let v): v ? "true" : "false"
        case .bytes(let b): "\"x:" + b.map(Self.hex).joined() + "\""
        case .list(let cells): "[" + cells.map(json).joined(separator: ", ") + "]"
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    static func save<C: PageCompressor>(
        _ name: String, columns: [ParquetColumn], rows: [[Cell]], options: ParquetWriterOptions, groupRows: Int,
        compressor: C
    ) throws {
        let bytes = try TableWriter.write(
            columns, rows: rows, options: options, groupRows: groupRows, compressor: compressor)
        try FileIO.write(bytes, to: "\(directory)/\(name).parquet")
        try FileIO.write(Array(json(columns, rows).utf8), to: "\(directory)/\(name).expected.json")
    }

    @Test func writeSamples() throws {
        let rows = Self.rows(count: 25_000)
        let options = TableWriter.options(pageRowLimit: 3000, dictionarySizeLimit: 200_000)
        try Self.save(
            "types", columns: Self.columns, rows: rows, options: options, groupRows: 10_000,
            compressor: UncompressedPageCompressor())
        try Self.save(
            "types_snappy", columns: Self.columns, rows: rows, options: options, groupRows: 10_000,
            compressor: LiteralSnappyCompressor())
        try Self.save(
            "empty", columns: Self.columns, rows: [], options: options, groupRows: 10,
            compressor: UncompressedPageCompressor())
        try Self.save(
            "one_row_pages", columns: Self.columns, rows: Array(rows.prefix(40)),
            options: TableWriter.options(pageRowLimit: 1), groupRows: 15, compressor: UncompressedPageCompressor())
        let big = String(repeating: "ü", count: 1_500_000)
        let bigRows: [[Cell]] = [[.string(big)], [.null], [.string("z" + big)], [.string("")]]
        try Self.save(
            "big_strings", columns: [.string("s")], rows: bigRows, options: TableWriter.options(), groupRows: 10,
            compressor: UncompressedPageCompressor())
        let wide: [ParquetColumn] = (0..<500).map { $0 % 2 == 0 ? .int64("c\($0)") : .string("c\($0)") }
        let wideRows: [[Cell]] = (0..<50).map { r in
            (0..<500).map { c -> Cell in
                if (r + c) % 7 == 0 { return .null }
                return c % 2 == 0 ? .int64(Int64(r * c)) : .string("v\(r % 4)")
            }
        }
        try Self.save(
            "wide", columns: wide, rows: wideRows, options: TableWriter.options(), groupRows: 20,
            compressor: UncompressedPageCompressor())
    }
}
