/// A UTC calendar time split into fields, from and to a count of microseconds since 1970-01-01T00:00:00Z.
///
/// The calendar is the proleptic Gregorian one of ``CivilDate`` (astronomical years, so 1 BC is year 0), and a
/// day always has 86 400 seconds, as in POSIX time: there are no leap seconds.
package struct UTCTime: Hashable, Sendable {
    /// The astronomical year: 1 BC is 0.
    package var year: Int
    /// The month, 1 to 12.
    package var month: Int
    /// The day of the month, 1 to 31.
    package var day: Int
    /// The hour, 0 to 23.
    package var hour: Int
    /// The minute, 0 to 59.
    package var minute: Int
    /// The second, 0 to 59.
    package var second: Int
    /// The microsecond within the second, 0 to 999 999.
    package var microsecond: Int

    /// Microseconds in one day.
    package static let microsecondsPerDay: Int64 = 86_400_000_000

    /// Creates a time from its fields without checking them.
    package init(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// Splits `microseconds` since 1970-01-01T00:00:00Z (before it when negative) into fields.
    @inline(__always)
    package init(epochMicroseconds microseconds: Int64) {
        let days = Self.floorDivide(microseconds, Self.microsecondsPerDay)
        let date = CivilDate(daysSinceEpoch: days)
        let inDay = Int(microseconds - days * Self.microsecondsPerDay)
        year = date.year
        month = date.month
        day = date.day
        hour = inDay / 3_600_000_000
        minute = inDay / 60_000_000 % 60
        second = inDay / 1_000_000 % 60
        microsecond = inDay % 1_000_000
    }

    /// Splits `milliseconds` since 1970-01-01T00:00:00Z (before it when negative) into fields.
    ///
    /// `milliseconds` must be within ±2⁶³ microseconds (±292 277 years of 1970), as must `seconds` below.
    @inline(__always)
    package init(epochMilliseconds milliseconds: Int64) {
        self.init(epochMicroseconds: milliseconds * 1_000)
    }

    /// Splits `seconds` since 1970-01-01T00:00:00Z (before it when negative) into fields.
    @inline(__always)
    package init(epochSeconds seconds: Int64) {
        self.init(epochMicroseconds: seconds * 1_000_000)
    }

    /// The date part.
    package var date: CivilDate {
        CivilDate(year: year, month: month, day: day)
    }

    /// The number of microseconds from 1970-01-01T00:00:00Z to this time, negative before it.
    @inline(__always)
    package var epochMicroseconds: Int64 {
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        let inDay = ((hour * 60 + minute) * 60 + second) * 1_000_000 + microsecond
        return days * Self.microsecondsPerDay + Int64(inDay)
    }

    /// Returns `value / divisor` rounded towards negative infinity; `divisor` must be positive.
    @inline(__always)
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
