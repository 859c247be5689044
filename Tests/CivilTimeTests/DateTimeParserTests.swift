import CivilTime
import Testing

/// RFC 3339 / ISO 8601 date-times; expected instants from Python's `datetime`.
struct DateTimeParserTests {
    struct Accepted: Sendable, CustomTestStringConvertible {
        var text: String
        var microseconds: Int64
        var hasOffset: Bool
        var truncated: Bool
        var testDescription: String { text }

        init(_ text: String, _ microseconds: Int64, offset: Bool = true, truncated: Bool = false) {
            self.text = text
            self.microseconds = microseconds
            self.hasOffset = offset
            self.truncated = truncated
        }
    }

    static let accepted = [
        Accepted("1970-01-01T00:00:00Z", 0),
        Accepted("1970-01-01T00:00:00", 0, offset: false),
        Accepted("1970-01-01T00:00", 0, offset: false),
        Accepted("2019-03-14T15:09:26.535897Z", 1_552_576_166_535_897),
        Accepted("2019-03-14 15:09:26.535897Z", 1_552_576_166_535_897),
        Accepted("2019-03-14t15:09:26.535897z", 1_552_576_166_535_897),
        Accepted("2019-03-14T15:09:26.535897", 1_552_576_166_535_897, offset: false),
        Accepted("2019-03-14T15:09Z", 1_552_576_140_000_000),
        Accepted("2019-03-14T15:09:26.5+01:00", 1_552_572_566_500_000),
        Accepted("2019-03-14T15:09:26,5+0100", 1_552_572_566_500_000),
        Accepted("2019-03-14T15:09:26+01", 1_552_572_566_000_000),
        Accepted("2019-03-14T15:09:26.1Z", 1_552_576_166_100_000),
        Accepted("2019-03-14T15:09:26.123456789Z", 1_552_576_166_123_456, truncated: true),
        Accepted("2019-03-14T15:09:26.123456000Z", 1_552_576_166_123_456),
        Accepted("2019-03-14T15:09:26.123456000000000000000000001Z", 1_552_576_166_123_456, truncated: true),
        Accepted("1970-01-01T00:00:00.000000001Z", 0, truncated: true),
        Accepted("1969-12-31T23:59:59.999999Z", -1),
        Accepted("1969-12-31T23:59:59.9999999Z", -1, truncated: true),
        Accepted("2000-02-29T12:00:00Z", 951_825_600_000_000),
        Accepted("1900-02-28T23:59:59.999999Z", -2_203_891_200_000_001),
        // Offsets that carry the instant over midnight and the year's end.
        Accepted("2019-12-31T23:30:00-01:00", 1_577_838_600_000_000),
        Accepted("2020-01-01T00:30:00+01:00", 1_577_835_000_000_000),
        Accepted("2019-03-14T00:00:00+23:59", 1_552_435_260_000_000),
        Accepted("2019-03-14T00:00:00-23:59", 1_552_607_940_000_000),
        Accepted("2019-03-14T15:09:26-0500", 1_552_594_166_000_000),
        Accepted("1970-01-01T00:00:00-00:00", 0),
        Accepted("0001-01-01T00:00:00Z", -62_135_596_800_000_000),
        Accepted("0001-01-01T00:00:00+01:00", -62_135_600_400_000_000),
        Accepted("9999-12-31T23:59:59.999999Z", 253_402_300_799_999_999),
        Accepted("9999-12-31T23:59:59.999999-01:00", 253_402_304_399_999_999),
        // Year 0 is 1 BC; N BC is year 1 − N.
        Accepted("0000-01-01T00:00:00Z", -62_167_219_200_000_000),
        Accepted("0001-01-01T00:00:00Z BC", -62_167_219_200_000_000),
        Accepted("0044-03-15T12:00:00 BC", -63_517_780_800_000_000, offset: false),
        Accepted("0005-02-29T00:00:00Z BC", -720_930 * 86_400_000_000),
        // The leap second reads as :59, only at 23:59 UTC.
        Accepted("2016-12-31T23:59:60Z", 1_483_228_799_000_000),
        Accepted("2016-12-31T23:59:60.5Z", 1_483_228_799_500_000),
        Accepted("2017-01-01T08:59:60+09:00", 1_483_228_799_000_000),
        Accepted("2016-12-31T23:59:60", 1_483_228_799_000_000, offset: false),
        // 24:00 is the next day's midnight.
        Accepted("2019-03-14T24:00:00Z", 1_552_608_000_000_000),
        Accepted("2019-03-14T24:00Z", 1_552_608_000_000_000),
        Accepted("2019-12-31T24:00:00.000000000Z", 1_577_836_800_000_000),
    ]

    @Test("accepted date-times", arguments: accepted)
    func accepts(_ vector: Accepted) throws {
        let parsed = try parsing(vector.text, DateTimeParser.parse).get()
        #expect(parsed.microseconds == vector.microseconds)
        #expect(parsed.hasOffset == vector.hasOffset)
        #expect(parsed.truncated == vector.truncated)
        #expect(parsed.hasTime)
    }

    static let rejected = [
        Rejected("", .empty, at: 0),
        Rejected("2019", .unexpectedEnd, at: 4),
        Rejected("2019-03-14", .unexpectedEnd, at: 10),
        Rejected("2019-03-14T", .unexpectedEnd, at: 11),
        Rejected("2019-03-14T15", .unexpectedEnd, at: 13),
        Rejected("2019-03-14T15:0", .unexpectedEnd, at: 15),
        Rejected("2019-03-14T15:09:", .unexpectedEnd, at: 17),
        Rejected("2019-03-14T15:09:26.", .unexpectedEnd, at: 20),
        Rejected("2019-03-14T15:09:26+1", .unexpectedEnd, at: 21),
        Rejected("2019-03-14T15:09:26+01:", .unexpectedEnd, at: 23),
        Rejected("2019-03-14T15:09:26+01:0", .unexpectedEnd, at: 24),
        Rejected("2019-13-01T00:00Z", .monthOutOfRange, at: 5),
        Rejected("2019-00-01T00:00Z", .monthOutOfRange, at: 5),
        Rejected("2019-01-00T00:00Z", .dayOutOfRange, at: 8),
        Rejected("2019-01-32T00:00Z", .dayOutOfRange, at: 8),
        Rejected("2019-02-29T00:00Z", .dayOutOfRange, at: 8),
        Rejected("1900-02-29T00:00Z", .dayOutOfRange, at: 8),
        Rejected("2019-04-31T00:00Z", .dayOutOfRange, at: 8),
        Rejected("0004-02-29T00:00Z BC", .dayOutOfRange, at: 8),
        Rejected("0000-01-01T00:00Z BC", .yearOutOfRange, at: 0),
        Rejected("2019-03-14T25:00Z", .hourOutOfRange, at: 11),
        Rejected("2019-03-14T24:01Z", .hourOutOfRange, at: 11),
        Rejected("2019-03-14T24:00:01Z", .hourOutOfRange, at: 11),
        Rejected("2019-03-14T24:00:00.000001Z", .hourOutOfRange, at: 11),
        Rejected("2019-03-14T23:60Z", .minuteOutOfRange, at: 14),
        Rejected("2019-03-14T23:59:61Z", .secondOutOfRange, at: 17),
        Rejected("2019-03-14T23:58:60Z", .secondOutOfRange, at: 17),
        Rejected("2016-12-31T23:59:60+01:00", .secondOutOfRange, at: 17),
        Rejected("2019-03-14T15:09:26+24:00", .offsetOutOfRange, at: 19),
        Rejected("2019-03-14T15:09:26-01:60", .offsetOutOfRange, at: 19),
        Rejected("2019-03-14T15:09:26.Z", .expectedDigit, at: 20),
        Rejected(" 2019-03-14T15:09:26Z", .expectedDigit, at: 0),
        Rejected("+2019-03-14T15:09:26Z", .expectedDigit, at: 0),
        Rejected("-0001-03-14T15:09:26Z", .expectedDigit, at: 0),
        Rejected("２019-03-14T15:09:26Z", .expectedDigit, at: 0),
        Rejected("2019-3-14T15:09:26Z", .expectedDigit, at: 6),
        Rejected("2019-03-14T5:09:26Z", .expectedDigit, at: 12),
        Rejected("2019/03/14T15:09:26Z", .unexpectedByte, at: 4),
        Rejected("20190-03-14T15:09:26Z", .unexpectedByte, at: 4),
        Rejected("2019-012-14T15:09:26Z", .unexpectedByte, at: 7),
        Rejected("2019-03-14X15:09:26Z", .unexpectedByte, at: 10),
        Rejected("2019-03-14_15:09:26Z", .unexpectedByte, at: 10),
        Rejected("2019-03-14T015:09:26Z", .unexpectedByte, at: 13),
        Rejected("2019-03-14T15.09.26Z", .unexpectedByte, at: 13),
        Rejected("2019-03-14T15:09:26Z ", .trailingBytes, at: 20),
        Rejected("2019-03-14T15:09:26Zx", .trailingBytes, at: 20),
        Rejected("2019-03-14T15:09:26ZZ", .trailingBytes, at: 20),
        Rejected("2019-03-14T15:09:26\u{0}", .trailingBytes, at: 19),
        Rejected("2019-03-14T15:09:260Z", .trailingBytes, at: 19),
        Rejected("2019-03-14T15:09:26+01:00:00", .trailingBytes, at: 25),
        Rejected("2019-03-14T15:09:26 bc", .trailingBytes, at: 19),
        Rejected("2019-03-14T15:09:26Z BCE", .trailingBytes, at: 23),
        Rejected("2019-03-14T15:09:26Z AD", .trailingBytes, at: 20),
    ]

    @Test("rejected date-times name the problem and its byte", arguments: rejected)
    func rejects(_ vector: Rejected) {
        #expect(throws: vector.error) { try parsing(vector.text, DateTimeParser.parse).get() }
    }

    @Test("parseDateOrDateTime also takes a plain date, as its midnight UTC")
    func dateOrDateTime() throws {
        let date = try parsing("2019-03-14", DateTimeParser.parseDateOrDateTime).get()
        #expect(date == ParsedTimestamp(microseconds: 1_552_521_600_000_000, hasTime: false))
        let bc = try parsing("0001-01-01 BC", DateTimeParser.parseDateOrDateTime).get()
        #expect(bc == ParsedTimestamp(microseconds: -62_167_219_200_000_000, hasTime: false))
        let dateTime = try parsing("2019-03-14T15:09:26.535897Z", DateTimeParser.parseDateOrDateTime).get()
        #expect(dateTime == ParsedTimestamp(microseconds: 1_552_576_166_535_897, hasOffset: true))
        let failures: [(String, CivilTimeError)] = [
            ("2019-03-14 ", CivilTimeError(.unexpectedEnd, at: 11)),
            ("2019-03-14 BCx", CivilTimeError(.trailingBytes, at: 13)),
            ("2019-02-29", CivilTimeError(.dayOutOfRange, at: 8)),
            ("2019-03-14Z", CivilTimeError(.unexpectedByte, at: 10)),
            ("", CivilTimeError(.empty, at: 0)),
        ]
        for (text, error) in failures {
            #expect(throws: error, "\(text)") { try parsing(text, DateTimeParser.parseDateOrDateTime).get() }
        }
    }

    @Test("the pointer-and-count form reads only `count` bytes")
    func pointerAndCount() throws {
        let bytes = Array("2019-03-14T15:09:26Z and more".utf8)
        let parsed = try bytes.withUnsafeBufferPointer { try DateTimeParser.parse($0.baseAddress!, count: 20) }
        #expect(parsed.microseconds == 1_552_576_166_000_000)
    }

    @Test("writeRFC3339 then DateTimeParser.parse gives back the instant, years 0000 to 9999")
    func roundTripThroughParser() {
        var state: UInt64 = 42
        var failures = 0
        let first = UTCTime(year: 0, month: 1, day: 1).epochMicroseconds
        let span = UInt64(UTCTime(year: 10_000, month: 1, day: 1).epochMicroseconds - first)
        var buffer = [UInt8](repeating: 0, count: UTCTime.maxRFC3339Length)
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let microseconds = first + Int64(state % span)
            let parsed = buffer.withUnsafeMutableBufferPointer { out -> Int64? in
                let count = UTCTime(epochMicroseconds: microseconds).writeRFC3339(to: out.baseAddress!)
                return try? DateTimeParser.parse(UnsafeBufferPointer(rebasing: out[..<count])).microseconds
            }
            if parsed != microseconds {
                failures += 1
            }
        }
        #expect(failures == 0)
    }
}
