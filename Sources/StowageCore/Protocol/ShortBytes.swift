/// Byte comparison for the short keys and names of the record path, where calling `memcmp` costs more than the
/// comparison itself.
enum ShortBytes {
    /// Whether the `count` bytes at `a` and at `b` are the same: eight at a time, the tail as one overlapping load.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        let (x, y) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        if count >= 8 {
            var i = 0
            while i &+ 8 < count {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    != y.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                {
                    return false
                }
                i &+= 8
            }
            return x.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
                == y.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        }
        if count >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
                    == y.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
        }
        var i = 0
        while i < count {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }
}
