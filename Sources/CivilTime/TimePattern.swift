/// A strftime-style pattern such as `%Y-%m-%d %H:%M:%S`, compiled once into steps and then matched against the
/// bytes of many values.
///
/// Directives (as in POSIX `strptime`, https://pubs.opengroup.org/onlinepubs/9799919799/functions/strptime.html,
/// but stricter):
/// - `%Y` four-digit year; `%y` two-digit year, 69–99 → 1969–1999 and 00–68 → 2000–2068 (POSIX);
/// - `%m` month, `%d` day, `%e` day with an optional leading space, `%j` day of the year (001–366);
/// - `%b`, `%h`, `%B` English month name, full or three-letter, any case (glibc reads all three alike);
/// - `%H` hour 0–23, `%I` hour 1–12, `%p` `AM`/`PM` (any case; it changes only `%I`, and `%I` without it is AM),
///   `%M` minute, `%S` second (60 only at 23:59 UTC, read as 59 as ``DateTimeParser`` does);
/// - `%f` one or more fraction digits, truncated to microseconds; `%z` UTC offset `Z`, `±HH:MM`, `±HHMM`, `±HH`;
/// - `%T` = `%H:%M:%S`, `%F` = `%Y-%m-%d`, `%s` seconds since the epoch (optionally negative; combines only with
///   `%f`, and counts as carrying an offset since it names an instant), `%%` a `%`.
///
/// Any other byte must match itself exactly. `%m %d %e %j %H %I %M %S` read one digit up to their width (two, or
/// three for `%j`), so `3/14/2019` matches `%m/%d/%Y`; when the next step starts with a digit (`%Y%m%d`) they read
/// exactly their width. `%Y` and `%y` always read four and two digits.
///
/// Missing fields take defaults: year 1970, month and day 1 (so `%H:%M` reads a time on 1970-01-01, `%Y-%m` the
/// month's first day), time 00:00:00.000000 (so a date-only pattern means midnight), and no offset (read as UTC).
/// A field may be set only once, and `%j` excludes a month or day.
package struct TimePattern: Hashable, Sendable {
    /// The pattern as given.
    package let pattern: String
    /// The compiled steps, matched in order.
    let steps: [Step]
    /// Whether the pattern reads any part of a time of day (or `%s`).
    package let hasTime: Bool

    /// Compiles `pattern`, or throws naming the first directive that is unsupported or clashes with an earlier one.
    package init(_ pattern: String) throws(TimePatternError) {
        let bytes = Array(pattern.utf8)
        var steps: [Step] = []
        var fields = FieldSet()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "%") else {
                steps.append(.literal(byte))
                index += 1
                continue
            }
            guard index + 1 < bytes.count else {
                throw TimePatternError(.incompleteDirective, directive: "%", at: index)
            }
            let directive = Self.directiveText(bytes, at: index)
            let expansion = try Self.expand(bytes[index + 1], directive: directive, at: index)
            try fields.insert(expansion.fields, directive: directive, at: index)
            steps += expansion.steps
            index += directive.utf8.count
        }
        for position in steps.indices {
            guard case .number(let field, _, let maximum) = steps[position], position + 1 < steps.count,
                steps[position + 1].startsWithDigit
            else { continue }
            steps[position] = .number(field, minimumDigits: maximum, maximumDigits: maximum)
        }
        self.pattern = pattern
        self.steps = steps
        self.hasTime = !fields.isDisjoint(with: [.hour, .meridiem, .minute, .second, .fraction, .epoch])
    }

    /// Returns the directive at `index` as written: `%` and the whole character after it.
    static func directiveText(_ bytes: [UInt8], at index: Int) -> String {
        var end = index + 2
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 {
            end += 1
        }
        return String(decoding: bytes[index..<end], as: UTF8.self)
    }

    /// Returns the steps of the directive whose letter is `letter`, and the fields it sets.
    static func expand(
        _ letter: UInt8, directive: String, at offset: Int
    ) throws(TimePatternError) -> (steps: [Step], fields: FieldSet) {
        switch letter {
        case UInt8(ascii: "Y"): return ([.number(.year, minimumDigits: 4, maximumDigits: 4)], .year)
        case UInt8(ascii: "y"): return ([.number(.twoDigitYear, minimumDigits: 2, maximumDigits: 2)], .year)
        case UInt8(ascii: "m"): return ([.number(.month, minimumDigits: 1, maximumDigits: 2)], .month)
        case UInt8(ascii: "d"): return ([.number(.day, minimumDigits: 1, maximumDigits: 2)], .day)
        case UInt8(ascii: "e"): return ([.optionalSpace, .number(.day, minimumDigits: 1, maximumDigits: 2)], .day)
        case UInt8(ascii: "j"): return ([.number(.dayOfYear, minimumDigits: 1, maximumDigits: 3)], .dayOfYear)
        case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "h"): return ([.monthName], .month)
        case UInt8(ascii: "H"): return ([.number(.hour, minimumDigits: 1, maximumDigits: 2)], .hour)
        case UInt8(ascii: "I"): return ([.number(.hour12, minimumDigits: 1, maximumDigits: 2)], .hour)
        case UInt8(ascii: "p"): return ([.meridiem], .meridiem)
        case UInt8(ascii: "M"): return ([.number(.minute, minimumDigits: 1, maximumDigits: 2)], .minute)
        case UInt8(ascii: "S"): return ([.number(.second, minimumDigits: 1, maximumDigits: 2)], .second)
        case UInt8(ascii: "f"): return ([.fraction], .fraction)
        case UInt8(ascii: "z"): return ([.offset], .offset)
        case UInt8(ascii: "s"): return ([.epochSeconds], .epoch)
        case UInt8(ascii: "%"): return ([.literal(UInt8(ascii: "%"))], [])
        case UInt8(ascii: "T"):
            let hour = try expand(UInt8(ascii: "H"), directive: directive, at: offset)
            let minute = try expand(UInt8(ascii: "M"), directive: directive, at: offset)
            let second = try expand(UInt8(ascii: "S"), directive: directive, at: offset)
            let colon = Step.literal(UInt8(ascii: ":"))
            return (hour.steps + [colon] + minute.steps + [colon] + second.steps, [.hour, .minute, .second])
        case UInt8(ascii: "F"):
            let year = try expand(UInt8(ascii: "Y"), directive: directive, at: offset)
            let month = try expand(UInt8(ascii: "m"), directive: directive, at: offset)
            let day = try expand(UInt8(ascii: "d"), directive: directive, at: offset)
            let dash = Step.literal(UInt8(ascii: "-"))
            return (year.steps + [dash] + month.steps + [dash] + day.steps, [.year, .month, .day])
        default:
            throw TimePatternError(.unsupportedDirective, directive: directive, at: offset)
        }
    }

    /// The fields a pattern's directives set, to find repeats and clashes at compile time.
    struct FieldSet: OptionSet, Hashable, Sendable {
        let rawValue: UInt16
        static let year = FieldSet(rawValue: 1 << 0)
        static let month = FieldSet(rawValue: 1 << 1)
        static let day = FieldSet(rawValue: 1 << 2)
        static let dayOfYear = FieldSet(rawValue: 1 << 3)
        static let hour = FieldSet(rawValue: 1 << 4)
        static let meridiem = FieldSet(rawValue: 1 << 5)
        static let minute = FieldSet(rawValue: 1 << 6)
        static let second = FieldSet(rawValue: 1 << 7)
        static let fraction = FieldSet(rawValue: 1 << 8)
        static let offset = FieldSet(rawValue: 1 << 9)
        static let epoch = FieldSet(rawValue: 1 << 10)

        /// Adds `new`, the fields of `directive` at `offset`, throwing if one is already set or clashes.
        mutating func insert(_ new: FieldSet, directive: String, at offset: Int) throws(TimePatternError) {
            guard isDisjoint(with: new) else {
                throw TimePatternError(.duplicateField, directive: directive, at: offset)
            }
            let combined = union(new)
            let calendar: FieldSet = [.month, .day]
            let besideEpoch: FieldSet = [.epoch, .fraction]
            guard !(combined.contains(.dayOfYear) && !combined.isDisjoint(with: calendar)),
                !(combined.contains(.epoch) && !combined.isSubset(of: besideEpoch))
            else {
                throw TimePatternError(.conflictingFields, directive: directive, at: offset)
            }
            self = combined
        }
    }
}
