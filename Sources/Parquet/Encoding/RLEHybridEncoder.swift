/// Encodes unsigned values with the RLE / bit-packing hybrid, for definition levels and dictionary indices.
///
/// https://github.com/apache/parquet-format/blob/master/Encodings.md, "Run Length Encoding / Bit-Packing Hybrid
/// (RLE = 3)": a sequence of runs, each `varint(count << 1)` + the value in `ceil(bitWidth / 8)` little-endian bytes
/// (an RLE run), or `varint(groups << 1 | 1)` + groups of 8 values packed LSB first (a bit-packed run). Runs of 8
/// or more equal values become RLE runs; the rest is bit-packed, and only the last group is padded (with zeros).
/// The caller adds the framing: a `u32` length for v1 levels, a bit-width byte for dictionary indices.
enum RLEHybridEncoder {
    /// The bits needed for values up to `maxValue` (0 for 0).
    @inline(__always)
    static func bitWidth(forMaxValue maxValue: UInt32) -> Int {
        UInt32.bitWidth - maxValue.leadingZeroBitCount
    }

    /// Appends the encoding of `values` to `out`; every value must fit in `bitWidth` (0–32) bits.
    static func encode<Value: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafeBufferPointer<Value>, bitWidth: Int, into out: inout [UInt8]
    ) {
        precondition(bitWidth >= 0 && bitWidth <= 32, "RLE bit width \(bitWidth) is outside 0–32")
        let count = values.count
        var literalStart = 0
        var i = 0
        while i < count {
            let value = values[i]
            var j = i &+ 1
            while j < count && values[j] == value { j &+= 1 }
            if j &- i >= 8 {
                // Literals must fill whole groups of 8, so the run lends values to the pending literals first.
                let pending = i &- literalStart
                let runStart = pending % 8 == 0 ? i : i &+ (8 &- pending % 8)
                if j &- runStart >= 8 {
                    writeBitPacked(values, literalStart..<runStart, bitWidth: bitWidth, into: &out)
                    writeRun(UInt32(truncatingIfNeeded: value), count: j &- runStart, bitWidth: bitWidth, into: &out)
                    literalStart = j
                }
            }
            i = j
        }
        writeBitPacked(values, literalStart..<count, bitWidth: bitWidth, into: &out)
    }

    /// Appends an RLE run of `count` copies of `value`.
    static func writeRun(_ value: UInt32, count: Int, bitWidth: Int, into out: inout [UInt8]) {
        writeVarint(UInt64(count) << 1, into: &out)
        var v = value
        for _ in 0..<(bitWidth + 7) / 8 {
            out.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    /// Appends `range` of `values` as one bit-packed run, padding the last group of 8 with zeros.
    static func writeBitPacked<Value: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafeBufferPointer<Value>, _ range: Range<Int>, bitWidth: Int, into out: inout [UInt8]
    ) {
        guard !range.isEmpty else { return }
        let groups = (range.count + 7) / 8
        writeVarint(UInt64(groups) << 1 | 1, into: &out)
        let packedCount = groups * bitWidth
        guard bitWidth > 0 else { return }
        out.reserveCapacity(out.count + packedCount)
        var buffer: UInt64 = 0
        var bits = 0
        for k in range {
            buffer |= UInt64(truncatingIfNeeded: values[k]) << UInt64(bits)
            bits &+= bitWidth
            while bits >= 8 {
                out.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                bits &-= 8
            }
        }
        // Pad to the group boundary: (groups * 8 - count) zero values, then flush the partial byte.
        let totalBits = groups * 8 * bitWidth
        let writtenBits = range.count * bitWidth - bits
        var remaining = totalBits - writtenBits
        while remaining > 0 {
            out.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            remaining -= 8
        }
    }

    @inline(__always)
    static func writeVarint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}
