extension TimePattern {
    /// A numeric field a pattern reads.
    enum Field: UInt8, Hashable, Sendable {
        /// `%Y`: 0000 to 9999.
        case year
        /// `%y`: 00 to 99, meaning 1969 to 2068.
        case twoDigitYear
        /// `%m`: 1 to 12.
        case month
        /// `%d`, `%e`: 1 to 31, then checked against the month.
        case day
        /// `%j`: 1 to 366, then checked against the year.
        case dayOfYear
        /// `%H`: 0 to 23.
        case hour
        /// `%I`: 1 to 12.
        case hour12
        /// `%M`: 0 to 59.
        case minute
        /// `%S`: 0 to 60, 60 only at 23:59 UTC.
        case second
    }

    /// One instruction of a compiled pattern.
    enum Step: Hashable, Sendable {
        /// Exactly this byte.
        case literal(UInt8)
        /// One space if one is next (the padding of `%e`).
        case optionalSpace
        /// `minimumDigits` to `maximumDigits` decimal digits, as many as there are, as `field`.
        case number(Field, minimumDigits: Int8, maximumDigits: Int8)
        /// `%f`: one or more fraction digits, truncated to microseconds.
        case fraction
        /// `%z`: `Z`, `z`, `±HH:MM`, `±HHMM` or `±HH`.
        case offset
        /// `%b`, `%B`, `%h`: an English month name, full or three-letter, in any case.
        case monthName
        /// `%p`: `AM` or `PM` in any case.
        case meridiem
        /// `%s`: an optional `-` and one or more digits of seconds since 1970-01-01T00:00:00Z.
        case epochSeconds

        /// Whether the step's text starts with a digit, so that a number before it must keep its full width.
        var startsWithDigit: Bool {
            switch self {
            case .number, .fraction, .epochSeconds: true
            case .literal(let byte): byte &- UInt8(ascii: "0") < 10
            case .optionalSpace, .offset, .monthName, .meridiem: false
            }
        }
    }
}
