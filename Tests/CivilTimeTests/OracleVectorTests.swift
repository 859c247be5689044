import CivilTime
import Foundation
import Testing

/// Every parser and the formatter against Vectors/vectors.tsv, which Vectors/generate_vectors.py writes with Python's
/// `datetime` as the independent oracle (random instants in years 0001–9999 and BC, written in several forms).
struct OracleVectorTests {
    /// One line of the file.
    struct Vector: Sendable {
        var line: Int
        var kind: String
        var argument: String
        var input: String
        var expected: String
        var flags: String

        var hasOffset: Bool { flags.split(separator: ",", omittingEmptySubsequences: false)[0].contains("o") }
        var truncated: Bool { flags.split(separator: ",", omittingEmptySubsequences: false)[0].contains("t") }
        var dateOnly: Bool { flags.contains("d") }
    }

    static let vectors: [Vector] = {
        // #filePath may go through a symbolic link (a scratch package); resolve it to the repository.
        let url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("Vectors/vectors.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").enumerated().compactMap { index, line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5 else { return nil }
            return Vector(
                line: index + 1, kind: fields[0], argument: fields[1], input: fields[2], expected: fields[3],
                flags: fields[4])
        }
    }()

    @Test(
        "vectors of each kind give Python's values",
        arguments: ["datetime", "auto", "date", "time", "epoch", "pattern", "format"])
    func kind(_ kind: String) throws {
        let selected = Self.vectors.filter { $0.kind == kind }
        #expect(selected.count >= 250, "too few '\(kind)' vectors; is Vectors/vectors.tsv there?")
        var patterns: [String: TimePattern] = [:]
        var failures: [String] = []
        for vector in selected {
            if let failure = try Self.check(vector, patterns: &patterns) {
                failures.append("line \(vector.line) '\(vector.input)': \(failure)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failed:\n\(failures.prefix(10).joined(separator: "\n"))")
    }

    /// Returns what differs from the vector's expectation, or nil when nothing does.
    static func check(_ vector: Vector, patterns: inout [String: TimePattern]) throws -> String? {
        switch vector.kind {
        case "format":
            let time = UTCTime(epochMicroseconds: try #require(Int64(vector.input)))
            var buffer = [UInt8](repeating: 0, count: UTCTime.maxRFC3339Length)
            let count = buffer.withUnsafeMutableBufferPointer { time.writeRFC3339(to: $0.baseAddress!) }
            let text = String(decoding: buffer[..<count], as: UTF8.self)
            return text == vector.expected ? nil : "wrote '\(text)'"
        case "date":
            return compare(parsing(vector.input, DateParser.parse), vector) { "\($0)" }
        case "time":
            return compare(parsing(vector.input, TimeOfDayParser.parse), vector) {
                "\($0.microseconds) \(flags(offset: $0.hasOffset, truncated: $0.truncated))"
            }
        case "datetime":
            return compare(parsing(vector.input, DateTimeParser.parse), vector, describe)
        case "auto":
            return compare(parsing(vector.input, DateTimeParser.parseDateOrDateTime), vector, describe)
        case "epoch":
            let unit = try #require(units[vector.argument])
            let result = parsing(vector.input) { bytes throws(CivilTimeError) in
                try EpochNumberParser.parse(bytes, unit: unit)
            }
            return compare(result, vector) {
                "\($0.microseconds) \($0.truncated ? "t" : ""),\(names[$0.unit] ?? "?")"
            }
        case "pattern":
            let pattern = try patterns[vector.argument] ?? TimePattern(vector.argument)
            patterns[vector.argument] = pattern
            return compare(parsing(vector.input, pattern.parse), vector) {
                "\($0.microseconds) \(flags(offset: $0.hasOffset, truncated: $0.truncated))"
            }
        default:
            return "unknown kind '\(vector.kind)'"
        }
    }

    /// Compares a parse result, as `describe` writes it, with the vector's expected value and flags.
    static func compare<Value>(
        _ result: Result<Value, CivilTimeError>, _ vector: Vector, _ describe: (Value) -> String
    ) -> String? {
        let expected =
            vector.expected.hasPrefix("!") || vector.kind == "date"
            ? vector.expected : "\(vector.expected) \(vector.flags)"
        let actual: String
        switch result {
        case .success(let value): actual = describe(value)
        case .failure(let error): actual = "!\(error.code)@\(error.offset)"
        }
        return actual == expected ? nil : "got '\(actual)', expected '\(expected)'"
    }

    static func describe(_ parsed: ParsedTimestamp) -> String {
        "\(parsed.microseconds) \(flags(offset: parsed.hasOffset, truncated: parsed.truncated, dateOnly: !parsed.hasTime))"
    }

    static func flags(offset: Bool, truncated: Bool, dateOnly: Bool = false) -> String {
        (offset ? "o" : "") + (truncated ? "t" : "") + (dateOnly ? "d" : "")
    }

    static let units: [String: EpochUnit] = [
        "s": .seconds, "ms": .milliseconds, "us": .microseconds, "ns": .nanoseconds, "auto": .auto,
    ]
    static let names: [EpochUnit: String] = [
        .seconds: "s", .milliseconds: "ms", .microseconds: "us", .nanoseconds: "ns",
    ]
}
