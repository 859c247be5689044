/// Zero-padded decimal text of a time's fields, written into a caller's buffer for object keys and string columns.
///
/// Each function writes at `out` and returns the number of bytes written; the buffer must have room for them
/// (the `max…Length` constants bound each one).
extension UTCTime {
    /// The most bytes ``writeYear(_:to:)`` writes: a sign and the 6 digits of a year within ±292 277.
    package static let maxYearLength = 7
    /// The most bytes ``writeDate(to:)`` writes: `YYYY-MM-DD` with the longest year.
    package static let maxDateLength = maxYearLength + 6
    /// The most bytes ``writeTime(to:)`` writes: `HH:MM:SS.ffffff`.
    package static let maxTimeLength = 15
    /// The most bytes ``writeRFC3339(to:)`` writes: the date, `T`, the time and `Z`.
    package static let maxRFC3339Length = maxDateLength + 1 + maxTimeLength + 1

    /// Writes the low `width` decimal digits of `value` (which must not be negative), zero-padded, and returns
    /// `width`.
    @inline(__always)
    @discardableResult
    package static func writeDigits(_ value: Int, width: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var value = value
        var index = width - 1
        while index >= 0 {
            out[index] = UInt8(truncatingIfNeeded: value % 10) &+ UInt8(ascii: "0")
            value /= 10
            index -= 1
        }
        return width
    }

    /// Writes `year` as four digits, zero-padded (`0042`), as more digits past 9999, and with a leading `-` when
    /// negative (`-0043` is 44 BC), as ISO 8601:2004 §4.1.2.4's expanded representation does; returns the byte count.
    @inline(__always)
    @discardableResult
    package static func writeYear(_ year: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var start = 0
        if year < 0 {
            out[0] = UInt8(ascii: "-")
            start = 1
        }
        let magnitude = year.magnitude
        var width = 4
        var limit: UInt = 10_000
        while magnitude >= limit && width < maxYearLength - 1 {
            width += 1
            limit *= 10
        }
        return start + writeDigits(Int(magnitude), width: width, to: out + start)
    }

    /// Writes the year with ``writeYear(_:to:)`` and returns the byte count.
    @inline(__always)
    @discardableResult
    package func writeYear(to out: UnsafeMutablePointer<UInt8>) -> Int {
        Self.writeYear(year, to: out)
    }

    /// Writes the date as `YYYY-MM-DD` (RFC 3339 §5.6 `full-date`) and returns the byte count.
    @inline(__always)
    @discardableResult
    package func writeDate(to out: UnsafeMutablePointer<UInt8>) -> Int {
        let yearLength = Self.writeYear(year, to: out)
        out[yearLength] = UInt8(ascii: "-")
        Self.writeDigits(month, width: 2, to: out + yearLength + 1)
        out[yearLength + 3] = UInt8(ascii: "-")
        Self.writeDigits(day, width: 2, to: out + yearLength + 4)
        return yearLength + 6
    }

    /// Writes the time of day as `HH:MM:SS`, with `.ffffff` only when the microsecond is not zero (RFC 3339 §5.6
    /// `partial-time`), and returns the byte count.
    @inline(__always)
    @discardableResult
    package func writeTime(to out: UnsafeMutablePointer<UInt8>) -> Int {
        Self.writeDigits(hour, width: 2, to: out)
        out[2] = UInt8(ascii: ":")
        Self.writeDigits(minute, width: 2, to: out + 3)
        out[5] = UInt8(ascii: ":")
        Self.writeDigits(second, width: 2, to: out + 6)
        guard microsecond != 0 else { return 8 }
        out[8] = UInt8(ascii: ".")
        Self.writeDigits(microsecond, width: 6, to: out + 9)
        return 15
    }

    /// Writes the time as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` (RFC 3339 §5.6 `date-time` in UTC) and returns the byte
    /// count.
    @inline(__always)
    @discardableResult
    package func writeRFC3339(to out: UnsafeMutablePointer<UInt8>) -> Int {
        let dateLength = writeDate(to: out)
        out[dateLength] = UInt8(ascii: "T")
        let timeLength = writeTime(to: out + dateLength + 1)
        out[dateLength + 1 + timeLength] = UInt8(ascii: "Z")
        return dateLength + timeLength + 2
    }
}
