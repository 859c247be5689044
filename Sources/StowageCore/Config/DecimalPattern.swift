/// Regular expressions (ECMA-262, as JSON Schema's `pattern`) that match plain decimal text within a range: what
/// the connector spec says of a number given as a string.
enum DecimalPattern {
    /// `^\s*…\s*$` matching `minimum`…`maximum` written as digits with an optional fraction (and only whole
    /// numbers when `integer`): exactly the strings ``FieldReader/number(_:)`` accepts. `minimum` is a whole
    /// number or a fraction below 1; `maximum` a whole number.
    static func pattern(minimum: Double, maximum: Double, integer: Bool) -> String {
        let high = Int(maximum)
        let zeroFraction = "(\\.0+)?"
        let anyFraction = "(\\.[0-9]+)?"
        var alternatives: [String] = []
        if minimum == minimum.rounded() {
            let low = Int(minimum)
            if integer {
                alternatives.append("(" + integers(low, high) + ")" + zeroFraction)
            } else {
                if low <= high - 1 { alternatives.append("(" + integers(low, high - 1) + ")" + anyFraction) }
                alternatives.append(String(high) + zeroFraction)
            }
        } else {
            // A fractional minimum such as 0.01: 0.0[1-9]…, 0.[1-9]…, then 1 and above.
            let digits = String(String(minimum).dropFirst(2))
            var fractions: [String] = []
            for (index, digit) in digits.enumerated() {
                let prefix = String(digits.prefix(index))
                let next = Int(String(digit))! + (index == digits.count - 1 ? 0 : 1)
                if next <= 9 { fractions.append(prefix + "[\(next)-9][0-9]*") }
            }
            alternatives.append("0\\.(" + fractions.joined(separator: "|") + ")")
            if high > 1 { alternatives.append("(" + integers(1, high - 1) + ")" + anyFraction) }
            alternatives.append(String(high) + zeroFraction)
        }
        return "^\\s*(" + alternatives.joined(separator: "|") + ")\\s*$"
    }

    /// An alternation matching exactly the whole numbers `low`…`high` (no leading zeros).
    static func integers(_ low: Int, _ high: Int) -> String {
        var blocks: [(prefix: Int, power: Int)] = []
        var start = low
        while start <= high {
            // The widest block [start, start + power) sharing a prefix, with the rest of the digits free.
            var power = 1
            while start % (power * 10) == 0, start + power * 10 - 1 <= high, power < 1_000_000_000_000 { power *= 10 }
            blocks.append((start / power, power))
            start += power
        }
        // Blocks of one width whose prefixes differ only in the last digit become one class: 1[0-9]|…|9[0-9] is
        // [1-9][0-9].
        var parts: [String] = []
        var index = 0
        while index < blocks.count {
            var end = index
            while end + 1 < blocks.count, blocks[end + 1].power == blocks[index].power,
                blocks[end + 1].prefix == blocks[end].prefix + 1,
                blocks[end + 1].prefix / 10 == blocks[index].prefix / 10,
                blocks[index].prefix != 0
            {
                end += 1
            }
            let (first, last, power) = (blocks[index].prefix, blocks[end].prefix, blocks[index].power)
            if first == 0 {
                parts.append(block(0, power))
            } else {
                let head = first / 10 == 0 ? "" : String(first / 10)
                let digit = first == last ? String(first % 10) : "[\(first % 10)-\(last % 10)]"
                parts.append(head + digit + String(repeating: "[0-9]", count: String(power).count - 1))
            }
            index = end + 1
        }
        return parts.joined(separator: "|")
    }

    /// The numbers 0…`power` - 1 without leading zeros: `[0-9]|[1-9][0-9]|…`.
    private static func block(_ prefix: Int, _ power: Int) -> String {
        let free = String(power).count - 1
        var options = ["[0-9]"]
        for width in stride(from: 1, to: max(free, 1), by: 1) {
            options.append("[1-9]" + String(repeating: "[0-9]", count: width))
        }
        return options.joined(separator: "|")
    }
}
