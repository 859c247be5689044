#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable byte buffer that encoders write into through raw pointers, and that moves whole between threads.
///
/// Memory: its capacity, which grows only to hold what is written before the owner hands it off.
package final class OutputBuffer: @unchecked Sendable {
    // @unchecked: exactly one thread owns a buffer at a time; the pipeline hands it off and never touches it again.
    package private(set) var base: UnsafeMutablePointer<UInt8>
    package private(set) var capacity: Int
    package var count = 0

    package init(capacity: Int) {
        self.capacity = max(capacity, 64)
        self.base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes and returns where they go.
    @inline(__always)
    package func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count + extra > capacity { grow(to: count + extra) }
        return base + count
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    package func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        reserve(n).update(from: bytes, count: n)
        count += n
    }

    package func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0.baseAddress!, count: $0.count) }
    }

    @inline(__always)
    package func append(byte: UInt8) {
        reserve(1).pointee = byte
        count += 1
    }

    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    package var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
