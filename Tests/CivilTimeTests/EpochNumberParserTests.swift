import CivilTime
import Testing

/// JSON numbers as epoch counts, in each unit and by magnitude.
struct EpochNumberParserTests {
    struct Accepted: Sendable, CustomTestStringConvertible {
        var text: String
        var unit: EpochUnit
        var expected: ParsedEpochNumber
        var testDescription: String { "\(text) in \(unit)" }

        init(
            _ text: String, _ unit: EpochUnit, _ microseconds: Int64, truncated: Bool = false,
            as resolved: EpochUnit? = nil
        ) {
            self.text = text
            self.unit = unit
            expected = ParsedEpochNumber(microseconds: microseconds, truncated: truncated, unit: resolved ?? unit)
        }
    }

    static let explicitUnits = [
        Accepted("0", .seconds, 0),
        Accepted("-0", .seconds, 0),
        Accepted("0.0", .milliseconds, 0),
        Accepted("1552575366", .seconds, 1_552_575_366_000_000),
        Accepted("1552575366.25", .seconds, 1_552_575_366_250_000),
        Accepted("1552575366.123456789", .seconds, 1_552_575_366_123_456, truncated: true),
        Accepted("1.552575366e9", .seconds, 1_552_575_366_000_000),
        Accepted("1552575366E+0", .seconds, 1_552_575_366_000_000),
        Accepted("15525753660e-1", .seconds, 1_552_575_366_000_000),
        Accepted("1552575366000", .milliseconds, 1_552_575_366_000_000),
        Accepted("1552575366000.5", .milliseconds, 1_552_575_366_000_500),
        Accepted("1552575366000000", .microseconds, 1_552_575_366_000_000),
        Accepted("1552575366000000.9", .microseconds, 1_552_575_366_000_000, truncated: true),
        Accepted("1552575366000000123", .nanoseconds, 1_552_575_366_000_000, truncated: true),
        Accepted("1552575366000000000", .nanoseconds, 1_552_575_366_000_000),
        Accepted("-86400", .seconds, -86_400_000_000),
        Accepted("-1.5", .seconds, -1_500_000),
        // Below the microsecond the value is dropped towards the past.
        Accepted("-1.0000005", .seconds, -1_000_001, truncated: true),
        Accepted("-1", .nanoseconds, -1, truncated: true),
        Accepted("-1000", .nanoseconds, -1),
        Accepted("999", .nanoseconds, 0, truncated: true),
        Accepted("1000", .nanoseconds, 1),
        Accepted("0.0000001", .seconds, 0, truncated: true),
        Accepted("1e-300", .seconds, 0, truncated: true),
        Accepted("-1e-300", .seconds, -1, truncated: true),
        Accepted("0e999999999", .seconds, 0),
        Accepted("0.000000000000000000000000000001e30", .seconds, 1_000_000),
        Accepted("9223372036854.775807", .seconds, Int64.max),
        Accepted("-9223372036854.775808", .seconds, Int64.min),
        Accepted("9223372036854775807", .microseconds, Int64.max),
        Accepted("-9223372036854775808", .microseconds, Int64.min),
        Accepted("1234567890123456789012", .nanoseconds, 1_234_567_890_123_456_789, truncated: true),
        Accepted("1234567890123456789000", .nanoseconds, 1_234_567_890_123_456_789),
        Accepted("1234567890123.4567891234", .milliseconds, 1_234_567_890_123_456, truncated: true),
    ]

    @Test("numbers in an explicit unit", arguments: explicitUnits)
    func explicitUnit(_ vector: Accepted) throws {
        #expect(
            try parsing(vector.text) { bytes throws(CivilTimeError) in
                try EpochNumberParser.parse(bytes, unit: vector.unit)
            }.get() == vector.expected)
    }

    static let byMagnitude = [
        Accepted("0", .auto, 0, as: .seconds),
        Accepted("1552575366", .auto, 1_552_575_366_000_000, as: .seconds),
        Accepted("99999999999", .auto, 99_999_999_999_000_000, as: .seconds),
        Accepted("99999999999.999", .auto, 99_999_999_999_999_000, as: .seconds),
        Accepted("9.9999999999e10", .auto, 99_999_999_999_000_000, as: .seconds),
        Accepted("-99999999999", .auto, -99_999_999_999_000_000, as: .seconds),
        Accepted("100000000000", .auto, 100_000_000_000_000, as: .milliseconds),
        Accepted("1e11", .auto, 100_000_000_000_000, as: .milliseconds),
        Accepted("-100000000000", .auto, -100_000_000_000_000, as: .milliseconds),
        Accepted("1552575366000", .auto, 1_552_575_366_000_000, as: .milliseconds),
        Accepted("99999999999999", .auto, 99_999_999_999_999_000, as: .milliseconds),
        Accepted("100000000000000", .auto, 100_000_000_000_000, as: .microseconds),
        Accepted("1552575366000000", .auto, 1_552_575_366_000_000, as: .microseconds),
        Accepted("99999999999999999", .auto, 99_999_999_999_999_999, as: .microseconds),
        Accepted("100000000000000000", .auto, 100_000_000_000_000, as: .nanoseconds),
        Accepted("1552575366000000000", .auto, 1_552_575_366_000_000, as: .nanoseconds),
        Accepted("-1552575366000000000", .auto, -1_552_575_366_000_000, as: .nanoseconds),
    ]

    @Test(
        "numbers by magnitude: below 1e11 seconds, 1e14 milliseconds, 1e17 microseconds, else nanoseconds",
        arguments: byMagnitude)
    func auto(_ vector: Accepted) throws {
        #expect(
            try parsing(vector.text) { bytes throws(CivilTimeError) in
                try EpochNumberParser.parse(bytes, unit: .auto)
            }.get() == vector.expected)
    }

    static let rejected = [
        Rejected("", .empty, at: 0),
        Rejected("-", .unexpectedEnd, at: 1),
        Rejected("+1", .expectedDigit, at: 0),
        Rejected("01", .trailingBytes, at: 1),
        Rejected("-01", .trailingBytes, at: 2),
        Rejected(".5", .expectedDigit, at: 0),
        Rejected("1.", .unexpectedEnd, at: 2),
        Rejected("1.e5", .expectedDigit, at: 2),
        Rejected("1e", .unexpectedEnd, at: 2),
        Rejected("1e+", .unexpectedEnd, at: 3),
        Rejected("1e+-1", .expectedDigit, at: 3),
        Rejected("1 ", .trailingBytes, at: 1),
        Rejected(" 1", .expectedDigit, at: 0),
        Rejected("1x", .trailingBytes, at: 1),
        Rejected("--1", .expectedDigit, at: 1),
        Rejected("\"1\"", .expectedDigit, at: 0),
        Rejected("NaN", .expectedDigit, at: 0),
        Rejected("Infinity", .expectedDigit, at: 0),
        Rejected("1e13", .valueOutOfRange, at: 0),
        Rejected("9223372036854.775808", .valueOutOfRange, at: 0),
        Rejected("-9223372036854.775809", .valueOutOfRange, at: 0),
        Rejected("1e99999999999999999999", .valueOutOfRange, at: 0),
        Rejected("123456789012345678901234567890", .valueOutOfRange, at: 0),
    ]

    @Test("rejected numbers name the problem and its byte", arguments: rejected)
    func rejects(_ vector: Rejected) {
        #expect(throws: vector.error) {
            try parsing(vector.text) { bytes throws(CivilTimeError) in
                try EpochNumberParser.parse(bytes, unit: .seconds)
            }.get()
        }
    }
}
