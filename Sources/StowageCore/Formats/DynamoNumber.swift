/// What DynamoDB makes of a JSON number's text: its significant digits, its decimal exponent, and whether it
/// can store it.
///
/// Rules (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html,
/// "Number"): at most 38 significant digits, leading and trailing zeros trimmed; a magnitude from 1E-130 to
/// 9.9999999999999999999999999999999999999E+125, or zero. Size ("Item sizes and formats",
/// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html): one byte per
/// two significant digits, plus one.
package struct DynamoNumber: Equatable {
    /// Significant digits, leading and trailing zeros trimmed; 0 for zero.
    package var digits: Int
    /// The exponent of the first significant digit: `1.5E+3` and `1500` both have 3; 0 for zero.
    package var exponent: Int
    package var isNegative: Bool
    /// Where the significant digits start and end in the text (`end` exclusive, a `.` possibly inside).
    var digitStart = 0
    var digitEnd = 0

    package static let maximumDigits = 38
    package static let exponentRange = -130...125

    /// Reads a number that ``JSONScanner`` has validated (RFC 8259's grammar); exponents saturate, so
    /// `1e999999999999999999999` is out of range rather than a trap.
    package init(_ text: UnsafePointer<UInt8>, count: Int) {
        var i = 0
        isNegative = count > 0 && text[0] == UInt8(ascii: "-")
        if isNegative { i = 1 }
        var position = 0  // digits of the mantissa read so far
        var pointAt = -1  // mantissa digits before the '.', once seen
        var first = -1
        var last = -1
        while i < count {
            let byte = text[i]
            if byte == UInt8(ascii: ".") {
                pointAt = position
            } else if byte &- UInt8(ascii: "0") < 10 {
                if byte != UInt8(ascii: "0") {
                    if first < 0 {
                        first = position
                        digitStart = i
                    }
                    last = position
                    digitEnd = i + 1
                }
                position += 1
            } else {
                break
            }
            i += 1
        }
        let integerDigits = pointAt < 0 ? position : pointAt
        var exponentValue = 0
        if i < count, text[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var negative = false
            if i < count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
                negative = text[i] == UInt8(ascii: "-")
                i += 1
            }
            while i < count {
                exponentValue = min(exponentValue * 10 + Int(text[i] &- UInt8(ascii: "0")), 1_000_000_000)
                i += 1
            }
            if negative { exponentValue = -exponentValue }
        }
        guard first >= 0 else {
            digits = 0
            exponent = 0
            return
        }
        digits = last - first + 1
        exponent = integerDigits - 1 - first + exponentValue
    }

    package var isZero: Bool { digits == 0 }

    /// Whether DynamoDB can store the number.
    package var isValid: Bool {
        isZero || (digits <= Self.maximumDigits && Self.exponentRange.contains(exponent))
    }

    /// Why DynamoDB cannot store it, as a user reads it; nil when it can.
    package var problem: String? {
        if isValid { return nil }
        if digits > Self.maximumDigits {
            return "has \(digits) significant digits, more than DynamoDB's \(Self.maximumDigits)"
        }
        return exponent > 0
            ? "is larger than DynamoDB's largest number, 9.9999999999999999999999999999999999999E+125"
            : "is closer to zero than DynamoDB's smallest number, 1E-130"
    }

    /// The bytes DynamoDB counts for the value: one per two significant digits, plus one.
    package var size: Int { (digits + 1) / 2 + 1 }
}

extension DynamoNumber {
    /// Appends a spelling equal for equal values (`1.50`, `15e-1` and `1.5` alike): sign, significant digits,
    /// exponent; DynamoDB compares number keys by value, so duplicates in a batch are found this way.
    package func appendCanonical(of text: UnsafePointer<UInt8>, to out: inout [UInt8]) {
        guard !isZero else {
            out.append(UInt8(ascii: "0"))
            return
        }
        out.append(isNegative ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        for i in digitStart..<digitEnd where text[i] != UInt8(ascii: ".") { out.append(text[i]) }
        out.append(UInt8(ascii: "e"))
        out += String(exponent).utf8
    }
}
