/// A growable byte buffer that codecs append into through raw pointers; reused, it stops allocating once warm.
///
/// Memory: its capacity, which only grows: ``reserve(_:)`` grows it to twice what it was, or to exactly what is
/// needed when that is more; ``reserveCapacity(_:)`` to exactly what is asked. ``removeAll()`` keeps it.
package final class CodecBuffer {
    package private(set) var base: UnsafeMutablePointer<UInt8>
    package private(set) var capacity: Int
    /// The bytes in use, from `base`; set it after writing into space that ``reserve(_:)`` returned.
    package var count = 0 {
        didSet { precondition(count >= 0 && count <= capacity, "count \(count) outside the capacity \(capacity)") }
    }

    package init(capacity: Int = 0) {
        self.capacity = max(capacity, 64)
        self.base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes after `count` and returns where they go; `count` is unchanged.
    @inline(__always)
    package func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count + extra > capacity { grow(to: count + extra) }
        return base + count
    }

    /// Grows the capacity to exactly `minimumCapacity` if it is less; keeps the bytes.
    package func reserveCapacity(_ minimumCapacity: Int) {
        if minimumCapacity > capacity { grow(toExactly: minimumCapacity) }
    }

    private func grow(to needed: Int) {
        grow(toExactly: max(needed, capacity * 2))
    }

    private func grow(toExactly newCapacity: Int) {
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    package func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        UnsafeMutableRawPointer(reserve(bytes.count)).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Empties the buffer and keeps its capacity.
    package func removeAll() { count = 0 }

    /// The bytes in use; valid until the next call that may grow the buffer.
    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// A copy of the bytes in use.
    package var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The free space after `count`, at least `extra` bytes, for a C call that writes into it.
    @inline(__always)
    func spareSpace(atLeast extra: Int) -> UnsafeMutableRawBufferPointer {
        let start = reserve(extra)
        return UnsafeMutableRawBufferPointer(start: start, count: capacity - count)
    }
}
