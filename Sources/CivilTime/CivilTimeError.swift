/// Why a date, time or epoch number text did not parse, and the byte offset of the problem.
///
/// The parsers return this instead of a message so that a caller can word it for its user, for example "'2019-02-29'
/// is not a valid date (day out of range at byte 8); …". The offset counts bytes from the start of the input; for
/// ``Code/unexpectedEnd`` it is the input's length.
package struct CivilTimeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem.
    package enum Code: UInt8, Hashable, Sendable {
        /// The input is empty.
        case empty
        /// The input ends where more was required.
        case unexpectedEnd
        /// A byte other than a decimal digit stands where a digit was required.
        case expectedDigit
        /// A byte stands where a different separator, letter or sign was required.
        case unexpectedByte
        /// The value is complete but more bytes follow.
        case trailingBytes
        /// The year cannot be written this way: year 0 with the `BC` suffix.
        case yearOutOfRange
        /// The month is not 1 to 12, or a month name is not one of January to December.
        case monthOutOfRange
        /// The day is not within its month (or the day of the year not within its year).
        case dayOutOfRange
        /// The hour is not 0 to 23 (24 is taken only as `24:00:00`), or not 1 to 12 for a 12-hour clock.
        case hourOutOfRange
        /// The minute is not 0 to 59.
        case minuteOutOfRange
        /// The second is not 0 to 59, or 60 other than at 23:59 UTC.
        case secondOutOfRange
        /// The UTC offset's hours are more than 23 or its minutes more than 59.
        case offsetOutOfRange
        /// The result does not fit: an epoch time outside the `Int64` microseconds, or an exponent too large.
        case valueOutOfRange
    }

    /// The kind of problem.
    package var code: Code
    /// The offset, in bytes from the input's start, of the first byte of the problem.
    package var offset: Int

    /// Creates an error of kind `code` at byte `offset`.
    @inline(__always)
    package init(_ code: Code, at offset: Int) {
        self.code = code
        self.offset = offset
    }

    /// A short phrase such as "day out of range at byte 8", for logs and tests.
    package var description: String {
        let what: String
        switch code {
        case .empty: what = "empty input"
        case .unexpectedEnd: what = "input ends early"
        case .expectedDigit: what = "expected a digit"
        case .unexpectedByte: what = "unexpected character"
        case .trailingBytes: what = "unexpected characters after the value"
        case .yearOutOfRange: what = "year out of range"
        case .monthOutOfRange: what = "month out of range"
        case .dayOutOfRange: what = "day out of range"
        case .hourOutOfRange: what = "hour out of range"
        case .minuteOutOfRange: what = "minute out of range"
        case .secondOutOfRange: what = "second out of range"
        case .offsetOutOfRange: what = "UTC offset out of range"
        case .valueOutOfRange: what = "value out of range"
        }
        return "\(what) at byte \(offset)"
    }
}
