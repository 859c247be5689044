#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Arithmetic {
    /// Calls a numeric function (all but `coalesce lower upper concat`) on `count` arguments.
    ///
    /// Missing if any argument is missing, else null if any is null; trigonometric and exponential functions work
    /// on Doubles, as IoT Analytics rounds Decimal arguments to double precision.
    static func call(_ function: Function, _ arguments: UnsafePointer<Value>, count: Int) throws(Reason) -> Value {
        for k in 0..<count {
            if case .missing = arguments[k] { return .missing }
        }
        for k in 0..<count {
            if case .null = arguments[k] { return .null }
        }
        let x = try numeric(arguments[0])
        switch function {
        case .abs:
            switch x {
            case .integer(let i): return i == .min ? .number(-Double(i)) : .integer(Swift.abs(i))
            case .number(let d): return .number(d.magnitude)
            }
        case .ceil: return rounded(x, .up)
        case .floor: return rounded(x, .down)
        case .round: return rounded(x, .toNearestOrAwayFromZero)
        case .trunc:
            guard count == 2 else { return rounded(x, .towardZero) }
            let places: Int
            switch try numeric(arguments[1]) {
            case .integer(let n): places = Int(clamping: n)
            case .number(let d):
                guard d.rounded(.towardZero) == d else { throw .notWholePlaces }
                places = d < 0 ? 0 : d > 34 ? 34 : Int(d)
            }
            switch x {
            case .integer(let i): return .integer(i)
            case .number(let d): return .number(truncate(d, places: min(max(places, 0), 34)))
            }
        case .sign:
            switch x {
            case .integer(let i): return .integer(i.signum())
            case .number(let d): return .integer(d > 0 ? 1 : d < 0 ? -1 : 0)
            }
        case .mod:
            return try apply(.remainder, arguments[0], arguments[1])
        case .sqrt:
            let d = x.double
            guard d >= 0 else { throw .negativeSquareRoot }
            return .number(d.squareRoot())
        case .ln, .log:
            let d = x.double
            guard d > 0 else { throw .nonPositiveLogarithm }
            return .number(function == .ln ? log(d) : log10(d))
        case .acos, .asin:
            let d = x.double
            guard d.magnitude <= 1 else { throw .outsideUnitRange }
            return .number(function == .acos ? acos(d) : asin(d))
        case .power: return try finite(pow(x.double, try numeric(arguments[1]).double))
        case .atan2: return try finite(atan2(x.double, try numeric(arguments[1]).double))
        case .exp: return try finite(exp(x.double))
        case .atan: return try finite(atan(x.double))
        case .cos: return try finite(cos(x.double))
        case .cosh: return try finite(cosh(x.double))
        case .sin: return try finite(sin(x.double))
        case .sinh: return try finite(sinh(x.double))
        case .tan: return try finite(tan(x.double))
        case .tanh: return try finite(tanh(x.double))
        case .coalesce, .lower, .upper, .concat:
            preconditionFailure("\(function.name) is not a numeric function")
        }
    }

    /// `ceil floor round trunc` with one argument: integers unchanged, Doubles rounded to an integer if it fits.
    @inline(__always)
    private static func rounded(_ x: Numeric, _ rule: FloatingPointRoundingRule) -> Value {
        switch x {
        case .integer(let i): .integer(i)
        case .number(let d): whole(d.rounded(rule))
        }
    }

    /// `value` with the decimal digits after the first `places` dropped, reading it as its shortest decimal text,
    /// so that `trunc(1.15, 1)` is 1.1 even though 1.15 * 10 is 11.499999999999998 in binary.
    static func truncate(_ value: Double, places: Int) -> Double {
        var scratch: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &scratch) { raw -> Double in
            let text = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let length = NumberWriter.shortest(value.magnitude, to: text)
            var mantissa: UInt64 = 0
            var digits = 0
            var integerDigits = -1
            var exponent = 0
            var i = 0
            // The text is `d+(.d+)?(e[+-]d+)?`; collect up to the digit that `places` keeps.
            while i < length {
                let byte = text[i]
                if byte == UInt8(ascii: ".") {
                    integerDigits = digits
                } else if byte == UInt8(ascii: "e") {
                    var negative = false
                    var k = i + 1
                    if text[k] == UInt8(ascii: "-") || text[k] == UInt8(ascii: "+") {
                        negative = text[k] == UInt8(ascii: "-")
                        k += 1
                    }
                    while k < length {
                        exponent = exponent * 10 + Int(text[k] &- UInt8(ascii: "0"))
                        k += 1
                    }
                    if negative { exponent = -exponent }
                    break
                } else {
                    digits += 1
                }
                i += 1
            }
            if integerDigits < 0 { integerDigits = digits }
            let keep = integerDigits + exponent + places
            guard keep < digits else { return value }
            guard keep > 0 else { return value < 0 ? -0.0 : 0.0 }
            var seen = 0
            for k in 0..<length where seen < keep {
                let byte = text[k]
                guard byte &- UInt8(ascii: "0") < 10 else { continue }
                mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
                seen += 1
            }
            // mantissa * 10^(integerDigits + exponent - keep), read back through the number parser.
            var o = NumberWriter.write(Int64(mantissa), to: text)
            text[o] = UInt8(ascii: "e")
            o += 1
            o += NumberWriter.write(Int64(integerDigits + exponent - keep), to: text + o)
            guard case .number(let truncated) = NumberParser.parse(text, count: o) else { return value }
            return value < 0 ? -truncated : truncated
        }
    }
}
