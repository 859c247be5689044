/// The unit of an epoch number: what one unit of a count since 1970-01-01T00:00:00Z is.
package enum EpochUnit: Hashable, Sendable, CaseIterable {
    /// Seconds: `1552575366`.
    case seconds
    /// Milliseconds, as JavaScript's `Date.now()` counts: `1552575366000`.
    case milliseconds
    /// Microseconds, the unit of the result: `1552575366000000`.
    case microseconds
    /// Nanoseconds, truncated to microseconds: `1552575366000000000`.
    case nanoseconds
    /// The unit chosen by the number's magnitude |x|, so that a present-day instant in any unit is read right:
    /// - |x| < 10¹¹: seconds (±3 169 years around 1970: year −1199 to 5138);
    /// - 10¹¹ ≤ |x| < 10¹⁴: milliseconds (5138 down to 1973-03-03, and 1966-10-31 down to −1199);
    /// - 10¹⁴ ≤ |x| < 10¹⁷: microseconds (the same years);
    /// - 10¹⁷ ≤ |x|: nanoseconds (1973-03-03 to 2262-04-11, and 1966-10-31 back to 1677-09-21).
    ///
    /// So 1 552 575 366 is seconds, 1 552 575 366 000 milliseconds, and so on; the price is that an instant in
    /// seconds past year 5138, or in milliseconds within 3 years of 1970, is read in the wrong unit.
    case auto

    /// The power of ten that turns one of this unit into microseconds: 6 for seconds, −3 for nanoseconds.
    @inline(__always)
    var microsecondExponent: Int {
        switch self {
        case .seconds: 6
        case .milliseconds: 3
        case .microseconds, .auto: 0
        case .nanoseconds: -3
        }
    }

    /// The unit ``auto`` picks for |x| = `significand` × 10^`exponent`.
    @inline(__always)
    static func byMagnitude(significand: UInt64, exponent: Int) -> EpochUnit {
        if DecimalMagnitude.isBelow(significand, exponent: exponent, powerOfTen: 11) { return .seconds }
        if DecimalMagnitude.isBelow(significand, exponent: exponent, powerOfTen: 14) { return .milliseconds }
        if DecimalMagnitude.isBelow(significand, exponent: exponent, powerOfTen: 17) { return .microseconds }
        return .nanoseconds
    }
}
