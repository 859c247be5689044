/// A growable byte buffer owned by one value, for scratch space reused record after record.
///
/// Unlike ``OutputBuffer`` it is not shared, so reading and writing it costs no exclusivity check. Memory: its
/// capacity, which only grows (to the most bytes one record needed).
struct ScratchBytes: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes and returns where they go.
    @inline(__always)
    mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count + extra > capacity { grow(to: count + extra) }
        return base + count
    }

    private mutating func grow(to needed: Int) {
        var bigger = capacity * 2
        while bigger < needed { bigger *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = bigger
    }

    /// Appends `n` bytes and returns the offset they start at.
    @inline(__always)
    mutating func append(_ bytes: UnsafePointer<UInt8>, count n: Int) -> Int {
        let start = count
        reserve(n).update(from: bytes, count: n)
        count += n
        return start
    }
}
