/// Writes numbers as JSON text without allocating: whole numbers without a fraction, others in their shortest form.
enum NumberWriter {
    /// The most bytes ``write(_:to:)-(Double,_)`` or ``write(_:to:)-(Int64,_)`` writes.
    static let maximumLength = 32

    /// 2^63, the first Double magnitude outside Int64.
    static let twoToThe63 = 9_223_372_036_854_775_808.0

    /// Writes the decimal digits of `value`; returns the number of bytes (at most 20).
    @inline(__always)
    static func write(_ value: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &scratch) { raw -> Int in
            let digits = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var n = 0
            repeat {
                digits[n] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
                n += 1
            } while magnitude != 0
            var o = 0
            if value < 0 {
                out[0] = UInt8(ascii: "-")
                o = 1
            }
            while n > 0 {
                n -= 1
                out[o] = digits[n]
                o += 1
            }
            return o
        }
    }

    /// Whether a whole `value` lies in Int64's range, -2^63 ..< 2^63.
    @inline(__always)
    static func fitsInt64(_ value: Double) -> Bool {
        value >= -twoToThe63 && value < twoToThe63
    }

    /// Writes a finite `value`: a whole number in Int64's range as its integer digits (so `-0` is `0`), any other
    /// as the shortest text that reads back as the same Double (`164.12`, `1e+20`, `5e-324`).
    ///
    /// Returns the number of bytes, at most ``maximumLength``.
    static func write(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        if value.rounded(.towardZero) == value, fitsInt64(value) {
            return write(Int64(value), to: out)
        }
        return shortest(value, to: out)
    }

    /// The Swift runtime's shortest round-trip formatter, the one behind `Double.description`.
    ///
    /// `Double.description` would build a String (allocating for the 16 bytes and more that doubles often need);
    /// this entry point writes into our buffer. It is part of the runtime's stable ABI, since the standard library's
    /// inlinable code calls it.
    @_silgen_name("swift_float64ToString")
    private static func float64ToString(
        _ buffer: UnsafeMutablePointer<UInt8>, _ capacity: UInt, _ value: Double, _ debug: Bool
    ) -> UInt64

    /// Writes the shortest round-trip text of a finite `value` as `Double.description` spells it.
    ///
    /// `out` must have room for ``maximumLength`` bytes. The runtime function leaves the leading `0` of `0.xxx`
    /// unwritten (the standard library's own caller never sees it), so the room is filled with `0` first. Tests
    /// hold the result to `Double.description` over hundreds of thousands of values.
    static func shortest(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        UnsafeMutableRawPointer(out).initializeMemory(as: UInt64.self, repeating: 0x3030_3030_3030_3030, count: 4)
        return min(Int(float64ToString(out, UInt(maximumLength), value, false)), maximumLength)
    }
}
