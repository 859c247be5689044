#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads RFC 8259 number text (`-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`) without allocating.
///
/// Text without a fraction or exponent that fits in Int64 is an integer. Other text becomes the nearest Double:
/// exactly by Clinger's fast path when the digits fit in 2^53 and the power of ten is exact (|e| <= 22), otherwise
/// by `strtod` on a NUL-terminated copy on the stack. W. D. Clinger, "How to Read Floating Point Numbers
/// Accurately", PLDI 1990, https://doi.org/10.1145/93542.93557.
enum NumberParser {
    enum Parsed: Equatable {
        case integer(Int64)
        case number(Double)
        /// Not number text.
        case invalid
        /// Number text whose magnitude is beyond Double's range (it would round to infinity).
        case outOfRange
    }

    /// The powers of ten that a Double holds exactly.
    private static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    @inline(__always)
    private static func digit(_ byte: UInt8) -> UInt64? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? UInt64(value) : nil
    }

    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Parsed {
        guard let base = text.baseAddress else { return .invalid }
        return parse(base, count: text.count)
    }

    static func parse(_ p: UnsafePointer<UInt8>, count: Int) -> Parsed {
        var i = 0
        let negative = count > 0 && p[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        guard i < count, digit(p[i]) != nil else { return .invalid }
        // The value is mantissa * 10^(exponent + dropped - fractionDigits): the first 19 significant digits
        // accumulate exactly, later ones are dropped (the slow path reads the text again).
        var mantissa: UInt64 = 0
        var significant = 0
        var dropped = 0
        @inline(__always) func take(_ d: UInt64) {
            if significant == 0 && d == 0 { return }
            if significant < 19 {
                mantissa = mantissa &* 10 &+ d
                significant += 1
            } else {
                dropped += 1
            }
        }
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if i < count, digit(p[i]) != nil { return .invalid }
        } else {
            while i < count, let d = digit(p[i]) {
                take(d)
                i += 1
            }
        }
        let integerDigits = significant + dropped
        var fractionDigits = 0
        var isInteger = true
        if i < count, p[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < count, digit(p[i]) != nil else { return .invalid }
            while i < count, let d = digit(p[i]) {
                take(d)
                fractionDigits += 1
                i += 1
            }
        }
        var exponent = 0
        if i < count, p[i] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            i += 1
            var exponentNegative = false
            if i < count, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
                exponentNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < count, digit(p[i]) != nil else { return .invalid }
            while i < count, let d = digit(p[i]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
                i += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        guard i == count else { return .invalid }
        if isInteger, integerDigits <= 19 {
            let limit: UInt64 = negative ? 1 << 63 : UInt64(Int64.max)
            if mantissa <= limit {
                return .integer(negative ? Int64(truncatingIfNeeded: 0 &- mantissa) : Int64(mantissa))
            }
        }
        if mantissa == 0 { return .number(negative ? -0.0 : 0.0) }
        let scale = exponent + dropped - fractionDigits
        if dropped == 0, mantissa < 1 << 53, scale >= -22, scale <= 22 {
            let value = scale >= 0 ? Double(mantissa) * exactPowers[scale] : Double(mantissa) / exactPowers[-scale]
            return .number(negative ? -value : value)
        }
        return slowParse(p, count: count)
    }

    /// Correct rounding for the cases Clinger's fast path cannot take; the text has already been validated.
    private static func slowParse(_ p: UnsafePointer<UInt8>, count: Int) -> Parsed {
        let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double in
            let copy = buffer.baseAddress!
            UnsafeMutableRawPointer(copy).copyMemory(from: p, byteCount: count)
            copy[count] = 0
            return strtod(copy, nil)
        }
        return value.isFinite ? .number(value) : .outOfRange
    }
}
