/// The `YYYY-MM-DD` fields of a date as read, before the era suffix says which year they name.
///
/// Grammar: RFC 3339 §5.6 `full-date = date-fullyear "-" date-month "-" date-mday`, with Airbyte's optional
/// ` BC` era suffix after the whole value (https://docs.airbyte.com/understanding-airbyte/supported-data-types).
struct DateFields {
    /// The four-digit year as written, 0000 to 9999.
    var year: Int
    /// The month, checked to be 1 to 12.
    var month: Int
    /// The day, checked to be 1 to 31; ``daysSinceEpoch(beforeChrist:)`` checks it against the month.
    var day: Int
    /// The offset of the year's first byte.
    var start: Int

    /// Reads `YYYY-MM-DD` at the cursor.
    @inline(__always)
    static func read(_ reader: inout ByteReader) throws(CivilTimeError) -> DateFields {
        let start = reader.index
        let year: Int
        let month: Int
        let day: Int
        if let fields = reader.readFixedFields(4, UInt8(ascii: "-"), 2, UInt8(ascii: "-"), 2) {
            (year, month, day) = fields
            guard month >= 1 && month <= 12 else { throw CivilTimeError(.monthOutOfRange, at: start + 5) }
        } else {
            year = try reader.readDigits(4)
            try reader.expect(UInt8(ascii: "-"))
            month = try reader.readDigits(2)
            guard month >= 1 && month <= 12 else { throw CivilTimeError(.monthOutOfRange, at: start + 5) }
            try reader.expect(UInt8(ascii: "-"))
            day = try reader.readDigits(2)
        }
        guard day >= 1 && day <= 31 else { throw CivilTimeError(.dayOutOfRange, at: start + 8) }
        return DateFields(year: year, month: month, day: day, start: start)
    }

    /// Reads the era suffix ` BC` if it is next, and returns whether it was.
    @inline(__always)
    static func readBeforeChrist(_ reader: inout ByteReader) -> Bool {
        guard reader.current == UInt8(ascii: " "), reader.peek(1) == UInt8(ascii: "B"),
            reader.peek(2) == UInt8(ascii: "C")
        else { return false }
        reader.index += 3
        return true
    }

    /// The astronomical year: the year as written, or 1 − year for year N BC (1 BC is year 0).
    @inline(__always)
    func astronomicalYear(beforeChrist: Bool) throws(CivilTimeError) -> Int {
        guard beforeChrist else { return year }
        guard year != 0 else { throw CivilTimeError(.yearOutOfRange, at: start) }
        return 1 - year
    }

    /// Returns the days from 1970-01-01 to this date, checking that the day exists in its month and year.
    @inline(__always)
    func daysSinceEpoch(beforeChrist: Bool) throws(CivilTimeError) -> Int64 {
        let year = try astronomicalYear(beforeChrist: beforeChrist)
        guard day <= 28 || day <= CivilDate.daysInMonth(year: year, month: month) else {
            throw CivilTimeError(.dayOutOfRange, at: start + 8)
        }
        return CivilDate.daysSinceEpoch(year: year, month: month, day: day)
    }
}
