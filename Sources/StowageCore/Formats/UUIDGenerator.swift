import CSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes random (version 4) UUIDs as 36 lowercase hex characters, from a source of random bytes.
///
/// The bytes come from the operating system's CSPRNG 4 KiB at a time (256 UUIDs per system call).
/// Tests pass a seeded source instead.
package struct UUIDGenerator {
    private var source: any RandomNumberGenerator
    private var pool = [UInt64](repeating: 0, count: 512)
    private var next = 512

    package init(source: any RandomNumberGenerator = SystemRandomBytes()) {
        self.source = source
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes one UUID at `out` (36 bytes).
    @inline(__always)
    package mutating func write(to out: UnsafeMutablePointer<UInt8>) {
        if next + 2 > pool.count { refill() }
        var high = pool[next]
        var low = pool[next + 1]
        next += 2
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000  // version 4
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // variant 10
        Self.hex.withUnsafeBufferPointer { hex in
            var o = 0
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    out[o] = UInt8(ascii: "-")
                    o += 1
                }
                let byte =
                    i < 8
                    ? UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * i))
                    : UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * (i - 8)))
                out[o] = hex[Int(byte >> 4)]
                out[o + 1] = hex[Int(byte & 0x0F)]
                o += 2
            }
        }
    }

    package mutating func string() -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            write(to: buffer.baseAddress!)
            return 36
        }
    }

    private mutating func refill() {
        if var system = source as? SystemRandomBytes {
            pool.withUnsafeMutableBytes { system.fill($0) }
        } else {
            for i in pool.indices { pool[i] = source.next() }
        }
        next = 0
    }
}

/// The operating system's CSPRNG, read in bulk.
package struct SystemRandomBytes: RandomNumberGenerator {
    package init() {}

    package mutating func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return value
    }

    /// One system call per 4 KiB on Linux (`getrandom`), else per 256 bytes; a short read or EINTR asks again.
    package mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        var filled = 0
        while filled < buffer.count {
            let n = stowage_random_bytes(buffer.baseAddress! + filled, buffer.count - filled)
            if n > 0 {
                filled += n
            } else if n < 0 && errno != EINTR {
                fatalError("the system random number generator failed")
            }
        }
    }
}
