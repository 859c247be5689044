/// Accumulates one column chunk's null count, NaN count and min/max as values arrive.
///
/// Orders follow parquet.thrift's `ColumnOrder` (TypeDefinedOrder): signed for INT32/INT64, false < true for
/// BOOLEAN, numeric for DOUBLE with NaN left out, unsigned bytes for BYTE_ARRAY. Byte arrays are kept cut to the
/// first `truncationLength` bytes: cutting a prefix is monotonic, so the least (greatest) cut value is the cut of
/// the least (greatest) value, and ``statistics(physicalType:isUTF8:)`` turns the cuts into valid bounds.
/// Memory: two buffers of at most `truncationLength` bytes.
struct ColumnStatistics {
    let truncationLength: Int
    private(set) var nullCount: Int64 = 0
    private(set) var nanCount: Int64 = 0
    private(set) var hasMinMax = false
    private var minInteger: Int64 = 0
    private var maxInteger: Int64 = 0
    private var minDouble: Double = 0
    private var maxDouble: Double = 0
    private var minBytes: [UInt8] = []
    private var maxBytes: [UInt8] = []
    /// Whether some value equal to ``minBytes`` was no longer than the cut.
    private var minIsExact = true
    /// Whether some value starting with ``maxBytes`` was longer than the cut.
    private var maxWasCut = false

    init(truncationLength: Int) {
        self.truncationLength = truncationLength
    }

    mutating func reset() {
        nullCount = 0
        nanCount = 0
        hasMinMax = false
        minBytes.removeAll(keepingCapacity: true)
        maxBytes.removeAll(keepingCapacity: true)
        minIsExact = true
        maxWasCut = false
    }

    @inline(__always)
    mutating func addNull() {
        nullCount &+= 1
    }

    @inline(__always)
    mutating func add(_ value: Int64) {
        if !hasMinMax {
            hasMinMax = true
            minInteger = value
            maxInteger = value
        } else {
            if value < minInteger { minInteger = value }
            if value > maxInteger { maxInteger = value }
        }
    }

    @inline(__always)
    mutating func add(_ value: Double) {
        if value.isNaN {
            nanCount &+= 1
        } else if !hasMinMax {
            hasMinMax = true
            minDouble = value
            maxDouble = value
        } else {
            if value < minDouble { minDouble = value }
            if value > maxDouble { maxDouble = value }
        }
    }

    @inline(__always)
    mutating func add(bytes value: UnsafeRawBufferPointer) {
        let wasCut = value.count > truncationLength
        let cut = wasCut ? UnsafeRawBufferPointer(rebasing: value[0..<truncationLength]) : value
        if !hasMinMax {
            hasMinMax = true
            minBytes.append(raw: cut)
            maxBytes.append(raw: cut)
            minIsExact = !wasCut
            maxWasCut = wasCut
            return
        }
        let toMin = minBytes.withUnsafeBytes { Self.compare(cut, $0) }
        if toMin < 0 {
            minBytes.removeAll(keepingCapacity: true)
            minBytes.append(raw: cut)
            minIsExact = !wasCut
        } else if toMin == 0 && !wasCut {
            minIsExact = true
        }
        let toMax = maxBytes.withUnsafeBytes { Self.compare(cut, $0) }
        if toMax > 0 {
            maxBytes.removeAll(keepingCapacity: true)
            maxBytes.append(raw: cut)
            maxWasCut = wasCut
        } else if toMax == 0 && wasCut {
            maxWasCut = true
        }
    }

    /// The Thrift statistics for the chunk; min/max are PLAIN-encoded without a length prefix.
    func statistics(physicalType: PhysicalType, isUTF8: Bool) -> Statistics {
        var result = Statistics(nullCount: nullCount)
        if physicalType == .double { result.nanCount = nanCount }
        guard hasMinMax else { return result }
        switch physicalType {
        case .boolean:
            result.minValue = [UInt8(minInteger)]
            result.maxValue = [UInt8(maxInteger)]
        case .int32:
            result.minValue = Self.littleEndianBytes(Int32(truncatingIfNeeded: minInteger))
            result.maxValue = Self.littleEndianBytes(Int32(truncatingIfNeeded: maxInteger))
        case .int64:
            result.minValue = Self.littleEndianBytes(minInteger)
            result.maxValue = Self.littleEndianBytes(maxInteger)
        case .double:
            // parquet.thrift, ColumnOrder: "If the computed min value is zero (whether negative or positive),
            // `-0.0` should be written into the min statistics field" and `+0.0` into max.
            let low = minDouble == 0 ? -0.0 : minDouble
            let high = maxDouble == 0 ? 0.0 : maxDouble
            result.minValue = Self.littleEndianBytes(low.bitPattern)
            result.maxValue = Self.littleEndianBytes(high.bitPattern)
        case .byteArray:
            let low = StatisticsBound.lowerBound(ofPrefix: minBytes, isUTF8: isUTF8)
            let lowIsExact = minIsExact && low.count == minBytes.count
            guard let high = maxWasCut ? StatisticsBound.upperBound(ofPrefix: maxBytes, isUTF8: isUTF8) : maxBytes
            else { return result }
            result.minValue = low
            result.maxValue = high
            result.isMinValueExact = lowIsExact
            result.isMaxValueExact = !maxWasCut
        }
        return result
    }

    /// Unsigned lexicographic comparison: negative, zero or positive as `a` sorts before, with or after `b`.
    @inline(__always)
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        var i = 0
        while i &+ 8 <= common {
            let x = UInt64(bigEndian: a.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let y = UInt64(bigEndian: b.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if x != y { return x < y ? -1 : 1 }
            i &+= 8
        }
        while i < common {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i &+= 1
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
