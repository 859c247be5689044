/// Reads the UTC offset that may end a date-time or time of day.
///
/// Grammar: RFC 3339 §5.6 `time-offset = "Z" / time-numoffset`, `time-numoffset = ("+" / "-") time-hour ":"
/// time-minute`, with `z` (RFC 3339 §5.6 NOTE), and ISO 8601:2004 §4.2.5.1's `±HHMM` and `±HH`. Hours are 0 to 23 and
/// minutes 0 to 59. `-00:00` (RFC 3339 §4.3, "local offset unknown") is read as UTC.
enum UTCOffset {
    /// Reads an offset if one is next and returns it in minutes east of UTC, or nil when none is next.
    @inline(__always)
    static func read(_ reader: inout ByteReader) throws(CivilTimeError) -> Int? {
        let sign: Int
        switch reader.current {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            reader.index += 1
            return 0
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        let start = reader.index
        reader.index += 1
        let hours = try reader.readDigits(2)
        var minutes = 0
        if reader.skip(UInt8(ascii: ":")) || reader.currentDigit < 10 {
            minutes = try reader.readDigits(2)
        }
        guard hours <= 23, minutes <= 59 else { throw CivilTimeError(.offsetOutOfRange, at: start) }
        return sign * (hours * 60 + minutes)
    }
}
