import CivilTime
import Testing

/// Days ↔ civil dates against published values and an independent day-by-day count.
struct CivilDateTests {
    struct Known: Sendable, CustomTestStringConvertible {
        var year: Int
        var month: Int
        var day: Int
        var days: Int64
        var testDescription: String { "\(year)-\(month)-\(day) = \(days)" }
    }

    /// Values from Python's `datetime.date(…) - date(1970, 1, 1)`, and Hinnant's paper for year 0.
    static let known = [
        Known(year: 1970, month: 1, day: 1, days: 0),
        Known(year: 1969, month: 12, day: 31, days: -1),
        Known(year: 2019, month: 3, day: 14, days: 17_969),
        Known(year: 2000, month: 2, day: 29, days: 11_016),
        Known(year: 2000, month: 3, day: 1, days: 11_017),
        Known(year: 1900, month: 1, day: 1, days: -25_567),
        Known(year: 2038, month: 1, day: 19, days: 24_855),
        Known(year: 1582, month: 10, day: 4, days: -141_438),
        Known(year: 1582, month: 10, day: 15, days: -141_427),
        Known(year: 1, month: 1, day: 1, days: -719_162),
        Known(year: 9999, month: 12, day: 31, days: 2_932_896),
        Known(year: 0, month: 3, day: 1, days: -719_468),
        Known(year: 0, month: 1, day: 1, days: -719_528),
        Known(year: -4, month: 2, day: 29, days: -720_930),
        Known(year: -43, month: 3, day: 15, days: -735_160),
    ]

    @Test("daysSinceEpoch and init(daysSinceEpoch:) agree with known dates", arguments: known)
    func knownDates(_ known: Known) {
        #expect(CivilDate.daysSinceEpoch(year: known.year, month: known.month, day: known.day) == known.days)
        #expect(
            CivilDate(daysSinceEpoch: known.days) == CivilDate(year: known.year, month: known.month, day: known.day))
    }

    @Test("every day from 0001-01-01 to 9999-12-31 converts both ways, consecutively")
    func everyDayOfYears1To9999() {
        var expected = CivilDate(year: 1, month: 1, day: 1)
        var days: Int64 = -719_162
        var mismatches = 0
        while expected.year <= 9999 {
            if CivilDate(daysSinceEpoch: days) != expected || expected.daysSinceEpoch != days {
                mismatches += 1
            }
            days += 1
            expected = Self.nextDay(after: expected)
        }
        #expect(mismatches == 0)
        #expect(days == 2_932_897)
    }

    @Test("day counts far before year 1 and after 9999 round-trip", arguments: [Int64(-1), 1])
    func farDaysRoundTrip(_ direction: Int64) {
        var previous = CivilDate(daysSinceEpoch: 0)
        var mismatches = 0
        for step in stride(from: Int64(0), through: 100_000_000, by: 997) {
            let days = step * direction
            let date = CivilDate(daysSinceEpoch: days)
            if date.daysSinceEpoch != days || !(1...12).contains(date.month)
                || !(1...CivilDate.daysInMonth(year: date.year, month: date.month)).contains(date.day)
            {
                mismatches += 1
            }
            if (date.year - previous.year) * Int(direction) < 0 {
                mismatches += 1
            }
            previous = date
        }
        #expect(mismatches == 0)
        #expect(CivilDate(daysSinceEpoch: -100_000_000).year < -271_000)
    }

    @Test("leap years follow the Gregorian rule, year 0 included")
    func leapYears() {
        #expect(CivilDate.isLeapYear(2000))
        #expect(!CivilDate.isLeapYear(1900))
        #expect(CivilDate.isLeapYear(2024))
        #expect(!CivilDate.isLeapYear(2023))
        #expect(CivilDate.isLeapYear(0))
        #expect(CivilDate.isLeapYear(-4))
        #expect(!CivilDate.isLeapYear(-3))
        #expect(!CivilDate.isLeapYear(-100))
        #expect(CivilDate.isLeapYear(-400))
    }

    @Test("month lengths")
    func monthLengths() {
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for month in 1...12 {
            #expect(CivilDate.daysInMonth(year: 2019, month: month) == lengths[month - 1])
        }
        #expect(CivilDate.daysInMonth(year: 2020, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 2100, month: 2) == 28)
    }

    /// The day after `date`, by the Gregorian rule spelled out again here rather than through `CivilDate`.
    static func nextDay(after date: CivilDate) -> CivilDate {
        let leap = date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        if date.day < lengths[date.month - 1] {
            return CivilDate(year: date.year, month: date.month, day: date.day + 1)
        }
        if date.month < 12 {
            return CivilDate(year: date.year, month: date.month + 1, day: 1)
        }
        return CivilDate(year: date.year + 1, month: 1, day: 1)
    }
}
