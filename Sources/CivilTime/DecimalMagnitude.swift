/// Exact comparisons and scaling of decimal numbers `significand` × 10^`exponent`, with no floating point.
enum DecimalMagnitude {
    /// Returns 10^`power`; `power` must be 0 to 19, the powers that fit a `UInt64`.
    @inline(__always)
    static func powerOfTen(_ power: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<power {
            result &*= 10
        }
        return result
    }

    /// Returns whether `significand` × 10^`exponent` < 10^`powerOfTen`.
    @inline(__always)
    static func isBelow(_ significand: UInt64, exponent: Int, powerOfTen power: Int) -> Bool {
        let headroom = power - exponent
        if significand == 0 || headroom > 19 { return true }
        if headroom <= 0 { return false }
        return significand < powerOfTen(headroom)
    }
}
