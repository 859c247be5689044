#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads validated JSON number text (RFC 8259 §6) as an exact Int64 or the nearest Double, without allocating.
enum JSONNumberText {
    /// The integer the text denotes when it is integral and within Int64, whatever its spelling: `42`, `-0`,
    /// `42.0`, `4.2e1`, `4200e-2`; nil for `4.5`, `1e19` or `9223372036854775808`.
    @inline(__always)
    static func int64(_ p: UnsafePointer<UInt8>, count: Int) -> Int64? {
        var i = 0
        let negative = p[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        // Fast path: plain digits, at most 18 of them.
        var value: UInt64 = 0
        let plainStart = i
        while i < count, i - plainStart < 18 {
            let d = p[i] &- UInt8(ascii: "0")
            guard d < 10 else { break }
            value = value &* 10 &+ UInt64(d)
            i += 1
        }
        if i == count, i > plainStart {
            return negative ? -Int64(value) : Int64(value)
        }
        return slowInt64(p, count: count, negative: negative)
    }

    /// Any spelling: the significant digits (leading zeros skipped, trailing zeros counted apart) and the power
    /// of ten; integral when the power is not negative, within range when the product fits.
    private static func slowInt64(_ p: UnsafePointer<UInt8>, count: Int, negative: Bool) -> Int64? {
        var i = negative ? 1 : 0
        var mantissa: UInt64 = 0
        var pendingZeros = 0
        var scale = 0
        var seenNonZero = false
        var overflow = false
        var inFraction = false
        while i < count {
            let byte = p[i]
            if byte == UInt8(ascii: ".") {
                inFraction = true
                i += 1
                continue
            }
            let d = byte &- UInt8(ascii: "0")
            guard d < 10 else { break }
            if inFraction { scale -= 1 }
            if d == 0 {
                if seenNonZero { pendingZeros += 1 }
            } else {
                seenNonZero = true
                for _ in 0..<pendingZeros { multiply(&mantissa, by: 10, overflow: &overflow) }
                pendingZeros = 0
                multiply(&mantissa, by: 10, overflow: &overflow)
                let (sum, carry) = mantissa.addingReportingOverflow(UInt64(d))
                mantissa = sum
                overflow = overflow || carry
            }
            i += 1
        }
        if i < count {  // exponent
            i += 1
            var exponentNegative = false
            if p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
                exponentNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var exponent = 0
            while i < count {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            scale += exponentNegative ? -exponent : exponent
        }
        guard seenNonZero else { return 0 }
        scale += pendingZeros
        guard !overflow, scale >= 0, scale <= 19 else { return nil }
        for _ in 0..<scale { multiply(&mantissa, by: 10, overflow: &overflow) }
        guard !overflow else { return nil }
        if negative {
            guard mantissa <= 1 << 63 else { return nil }
            return Int64(truncatingIfNeeded: 0 &- mantissa)
        }
        guard mantissa <= UInt64(Int64.max) else { return nil }
        return Int64(mantissa)
    }

    @inline(__always)
    private static func multiply(_ value: inout UInt64, by factor: UInt64, overflow: inout Bool) {
        let (product, carry) = value.multipliedReportingOverflow(by: factor)
        value = product
        overflow = overflow || carry
    }

    /// The powers of ten a Double holds exactly.
    private static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// The nearest Double, or nil when the magnitude rounds to infinity. Exact by Clinger's fast path when the
    /// digits fit in 2^53 and the power of ten is exact, else `strtod` on a NUL-terminated copy (W. D. Clinger,
    /// "How to Read Floating Point Numbers Accurately", PLDI 1990, https://doi.org/10.1145/93542.93557).
    @inline(__always)
    static func double(_ p: UnsafePointer<UInt8>, count: Int) -> Double? {
        var i = 0
        let negative = p[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        while i < count {
            let d = p[i] &- UInt8(ascii: "0")
            guard d < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            digits += 1
            i += 1
        }
        if i < count, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < count {
                let d = p[i] &- UInt8(ascii: "0")
                guard d < 10 else { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
                scale -= 1
                i += 1
            }
        }
        if i == count, digits <= 15, scale >= -22 {
            let value = Double(mantissa) / exactPowers[-scale]
            return negative ? -value : value
        }
        let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double in
            let copy = buffer.baseAddress!
            UnsafeMutableRawPointer(copy).copyMemory(from: p, byteCount: count)
            copy[count] = 0
            return strtod(copy, nil)
        }
        return value.isFinite ? value : nil
    }
}
