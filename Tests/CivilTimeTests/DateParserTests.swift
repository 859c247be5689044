import CivilTime
import Testing

/// `YYYY-MM-DD` dates with the ` BC` suffix; expected day counts from Python's `datetime.date`.
struct DateParserTests {
    static let accepted: [(String, Int32)] = [
        ("1970-01-01", 0),
        ("1969-12-31", -1),
        ("2019-03-14", 17_969),
        ("2000-02-29", 11_016),
        ("2020-02-29", 18_321),
        ("1900-02-28", -25_509),
        ("1582-10-04", -141_438),
        ("0001-01-01", -719_162),
        ("9999-12-31", 2_932_896),
        ("0000-01-01", -719_528),
        ("0001-01-01 BC", -719_528),
        ("0044-03-15 BC", -735_160),
        ("0005-02-29 BC", -720_930),
        ("9999-01-01 BC", -4_371_222),
    ]

    @Test("accepted dates", arguments: accepted)
    func accepts(_ text: String, _ days: Int32) throws {
        #expect(try parsing(text, DateParser.parse).get() == days)
    }

    static let rejected = [
        Rejected("", .empty, at: 0),
        Rejected("2019-02-29", .dayOutOfRange, at: 8),
        Rejected("1900-02-29", .dayOutOfRange, at: 8),
        Rejected("2100-02-29", .dayOutOfRange, at: 8),
        Rejected("2019-06-31", .dayOutOfRange, at: 8),
        Rejected("2019-06-00", .dayOutOfRange, at: 8),
        Rejected("0004-02-29 BC", .dayOutOfRange, at: 8),
        Rejected("0000-01-01 BC", .yearOutOfRange, at: 0),
        Rejected("2019-13-14", .monthOutOfRange, at: 5),
        Rejected("2019-3-14", .expectedDigit, at: 6),
        Rejected("19-03-14", .expectedDigit, at: 2),
        Rejected("2019-03-1", .unexpectedEnd, at: 9),
        Rejected("2019-03", .unexpectedEnd, at: 7),
        Rejected("2019-03-14T00:00", .trailingBytes, at: 10),
        Rejected("2019-03-14 ", .trailingBytes, at: 10),
        Rejected("2019-03-14 BC ", .trailingBytes, at: 13),
        Rejected("2019-03-14 B", .trailingBytes, at: 10),
        Rejected("2019-03-140", .trailingBytes, at: 10),
        Rejected("x2019-03-14", .expectedDigit, at: 0),
        Rejected("20190314", .unexpectedByte, at: 4),
    ]

    @Test("rejected dates name the problem and its byte", arguments: rejected)
    func rejects(_ vector: Rejected) {
        #expect(throws: vector.error) { try parsing(vector.text, DateParser.parse).get() }
    }
}
