/// A proleptic Gregorian calendar date, converted to and from days since 1970-01-01 with integer arithmetic only.
///
/// Years are astronomical: year 0 is 1 BC, year −1 is 2 BC. Every `Int64` day count of a realistic size converts,
/// before 1970 and after 9999 alike. The algorithms are Howard Hinnant's `days_from_civil` and `civil_from_days`,
/// https://howardhinnant.github.io/date_algorithms.html, which count in 400-year eras of 146 097 days starting on
/// 0000-03-01 so that the leap day falls at the end of each era's year.
package struct CivilDate: Hashable, Sendable {
    /// The astronomical year: 1 BC is 0.
    package var year: Int
    /// The month, 1 to 12.
    package var month: Int
    /// The day of the month, 1 to 31.
    package var day: Int

    /// Creates a date from its fields without checking them; `daysSinceEpoch` of a day past the month's end rolls
    /// over into the next month.
    @inline(__always)
    package init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates the date that is `days` days after 1970-01-01 (before it when negative).
    ///
    /// Hinnant's `civil_from_days`.
    @inline(__always)
    package init(daysSinceEpoch days: Int64) {
        let shifted = Int(days) + Self.daysFrom0000March1To1970
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The number of days from 1970-01-01 to this date, negative before it.
    @inline(__always)
    package var daysSinceEpoch: Int64 {
        Self.daysSinceEpoch(year: year, month: month, day: day)
    }

    /// Returns the number of days from 1970-01-01 to `year`-`month`-`day`, negative before it.
    ///
    /// Hinnant's `days_from_civil`; `month` must be 1 to 12, and a `day` past the month's end counts on into the
    /// next month.
    @inline(__always)
    package static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int64(era * 146_097 + dayOfEra - daysFrom0000March1To1970)
    }

    /// Returns whether `year` (astronomical) has a February 29: divisible by 4, and by 400 if by 100.
    @inline(__always)
    package static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Returns the number of days in `month` (1 to 12) of `year` (astronomical).
    @inline(__always)
    package static func daysInMonth(year: Int, month: Int) -> Int {
        if month == 2 {
            return isLeapYear(year) ? 29 : 28
        }
        // 31 for January, March, May, July, August, October, December; 30 otherwise.
        return 30 | ((month ^ (month >> 3)) & 1)
    }

    /// Days from 0000-03-01, the start of Hinnant's era 0, to 1970-01-01.
    static let daysFrom0000March1To1970 = 719_468
}
