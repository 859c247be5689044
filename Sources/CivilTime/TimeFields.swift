/// The `HH:MM[:SS[.fraction]]` fields of a time of day as read, before any UTC offset applies.
///
/// Grammar: RFC 3339 §5.6 `partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]`, with the
/// seconds optional as ISO 8601:2004 §4.2.2.3 allows, and `,` accepted as the decimal sign, which §4.2.2.4 prefers.
/// A fraction has one or more digits; digits past the sixth are dropped (truncated towards the earlier time).
///
/// Two values outside RFC 3339's ranges are taken:
/// - `24:00`, `24:00:00` or `24:00:00.000…`, ISO 8601:2004 §4.2.3's end of the day, is the next day's 00:00;
/// - second 60 (RFC 3339 §5.7's leap second) reads as second 59 with its fraction, as java.time's `ISO_INSTANT` does,
///   and is valid only where the caller finds the UTC time to be 23:59 (``isLeapSecond``).
struct TimeFields {
    /// The hour, 0 to 24.
    var hour: Int
    /// The minute, 0 to 59.
    var minute: Int
    /// The second, 0 to 60.
    var second: Int
    /// The microseconds of the fraction.
    var microsecond: Int
    /// Whether non-zero fraction digits past the sixth were dropped.
    var truncated: Bool
    /// The offset of the second's first byte, where a misplaced leap second is reported.
    var secondStart: Int

    /// Whether the second is 60, which a caller must check falls at 23:59 UTC.
    @inline(__always)
    var isLeapSecond: Bool { second == 60 }

    /// The microseconds since the day's start, reading second 60 as 59 and 24:00 as 86 400 000 000.
    @inline(__always)
    var microsecondsOfDay: Int64 {
        let seconds = (hour * 60 + minute) * 60 + min(second, 59)
        return Int64(seconds * 1_000_000 + microsecond)
    }

    /// Reads `HH:MM`, then `:SS` if a colon follows, then a fraction if `.` or `,` follows the seconds.
    @inline(__always)
    static func read(_ reader: inout ByteReader) throws(CivilTimeError) -> TimeFields {
        let start = reader.index
        let hour: Int
        let minute: Int
        var second = 0
        var microsecond = 0
        var truncated = false
        var secondStart = start + 5
        var hasSeconds = false
        if let fields = reader.readFixedFields(2, UInt8(ascii: ":"), 2, UInt8(ascii: ":"), 2) {
            (hour, minute, second) = fields
            secondStart = start + 6
            hasSeconds = true
        } else {
            hour = try reader.readDigits(2)
            try reader.expect(UInt8(ascii: ":"))
            minute = try reader.readDigits(2)
            if reader.skip(UInt8(ascii: ":")) {
                secondStart = reader.index
                second = try reader.readDigits(2)
                hasSeconds = true
            }
        }
        if hasSeconds && (reader.current == UInt8(ascii: ".") || reader.current == UInt8(ascii: ",")) {
            reader.index += 1
            (microsecond, truncated) = try reader.readFraction()
        }
        guard hour <= 23 || (hour == 24 && minute == 0 && second == 0 && microsecond == 0 && !truncated) else {
            throw CivilTimeError(.hourOutOfRange, at: start)
        }
        guard minute <= 59 else { throw CivilTimeError(.minuteOutOfRange, at: start + 3) }
        guard second <= 60 else { throw CivilTimeError(.secondOutOfRange, at: secondStart) }
        return TimeFields(
            hour: hour, minute: minute, second: second, microsecond: microsecond, truncated: truncated,
            secondStart: secondStart)
    }

    /// Throws unless a leap second's UTC time, `utcMicrosecondsOfDay` with second 60 read as 59, is 23:59:59.
    @inline(__always)
    func checkLeapSecond(utcMicrosecondsOfDay: Int64) throws(CivilTimeError) {
        guard !isLeapSecond || utcMicrosecondsOfDay / 60_000_000 == 23 * 60 + 59 else {
            throw CivilTimeError(.secondOutOfRange, at: secondStart)
        }
    }
}
