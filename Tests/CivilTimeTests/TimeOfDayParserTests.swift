import CivilTime
import Testing

/// Times of day, with offsets normalised to UTC within the day.
struct TimeOfDayParserTests {
    static let accepted: [(String, ParsedTimeOfDay)] = [
        ("00:00", ParsedTimeOfDay(microseconds: 0)),
        ("00:00:00", ParsedTimeOfDay(microseconds: 0)),
        ("15:09:26.535897", ParsedTimeOfDay(microseconds: 54_566_535_897)),
        ("15:09:26,535897", ParsedTimeOfDay(microseconds: 54_566_535_897)),
        ("15:09:26.535897Z", ParsedTimeOfDay(microseconds: 54_566_535_897, hasOffset: true)),
        ("15:09:26.535897123", ParsedTimeOfDay(microseconds: 54_566_535_897, truncated: true)),
        ("23:59:59.999999", ParsedTimeOfDay(microseconds: 86_399_999_999)),
        ("12:00", ParsedTimeOfDay(microseconds: 43_200_000_000)),
        ("12:00z", ParsedTimeOfDay(microseconds: 43_200_000_000, hasOffset: true)),
        ("10:09:26-05:00", ParsedTimeOfDay(microseconds: 54_566_000_000, hasOffset: true)),
        ("10:09:26-0500", ParsedTimeOfDay(microseconds: 54_566_000_000, hasOffset: true)),
        ("10:09:26-05", ParsedTimeOfDay(microseconds: 54_566_000_000, hasOffset: true)),
        ("01:30+02:00", ParsedTimeOfDay(microseconds: 84_600_000_000, hasOffset: true)),
        ("23:30-01:00", ParsedTimeOfDay(microseconds: 1_800_000_000, hasOffset: true)),
        ("24:00", ParsedTimeOfDay(microseconds: 0)),
        ("24:00:00Z", ParsedTimeOfDay(microseconds: 0, hasOffset: true)),
        ("23:59:60", ParsedTimeOfDay(microseconds: 86_399_000_000)),
        ("23:59:60.5Z", ParsedTimeOfDay(microseconds: 86_399_500_000, hasOffset: true)),
        ("08:59:60+09:00", ParsedTimeOfDay(microseconds: 86_399_000_000, hasOffset: true)),
    ]

    @Test("accepted times of day", arguments: accepted)
    func accepts(_ text: String, _ expected: ParsedTimeOfDay) throws {
        #expect(try parsing(text, TimeOfDayParser.parse).get() == expected)
    }

    static let rejected = [
        Rejected("", .empty, at: 0),
        Rejected("1:00", .expectedDigit, at: 1),
        Rejected("12", .unexpectedEnd, at: 2),
        Rejected("12:0", .unexpectedEnd, at: 4),
        Rejected("12:00:", .unexpectedEnd, at: 6),
        Rejected("12:00:00.", .unexpectedEnd, at: 9),
        Rejected("25:00", .hourOutOfRange, at: 0),
        Rejected("24:30", .hourOutOfRange, at: 0),
        Rejected("12:60", .minuteOutOfRange, at: 3),
        Rejected("12:00:61", .secondOutOfRange, at: 6),
        Rejected("12:00:60", .secondOutOfRange, at: 6),
        Rejected("23:59:60+01:00", .secondOutOfRange, at: 6),
        Rejected("12:00+24:00", .offsetOutOfRange, at: 5),
        Rejected("12:00:00 BC", .trailingBytes, at: 8),
        Rejected("12:00:00Z garbage", .trailingBytes, at: 9),
        Rejected("T12:00:00", .expectedDigit, at: 0),
        Rejected("2019-03-14T12:00:00", .unexpectedByte, at: 2),
        Rejected("12.00", .unexpectedByte, at: 2),
    ]

    @Test("rejected times of day name the problem and its byte", arguments: rejected)
    func rejects(_ vector: Rejected) {
        #expect(throws: vector.error) { try parsing(vector.text, TimeOfDayParser.parse).get() }
    }
}
