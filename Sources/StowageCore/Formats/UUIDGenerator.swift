import CSystem
import ChaCha

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes random (version 4) UUIDs as 36 lowercase hex characters, from a source of random bytes.
///
/// The bytes come 4 KiB at a time (256 UUIDs) from ``KeyedRandomBytes``: ChaCha20 under a fresh key from the
/// operating system for every 4 KiB. Tests pass a seeded source instead.
package struct UUIDGenerator {
    private var source: any RandomNumberGenerator
    private var pool = [UInt64](repeating: 0, count: 512)
    private var next = 512

    package init(source: any RandomNumberGenerator = KeyedRandomBytes()) {
        self.source = source
    }

    /// Writes one UUID at `out` (36 bytes).
    @inline(__always)
    package mutating func write(to out: UnsafeMutablePointer<UInt8>) {
        if next + 2 > pool.count { refill() }
        var high = pool[next]
        var low = pool[next + 1]
        next += 2
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000  // version 4
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // variant 10
        // 8-4-4-4-12 hex digits of the 16 bytes, most significant first.
        let raw = UnsafeMutableRawPointer(out)
        let a = Self.hex(UInt32(truncatingIfNeeded: high >> 32))
        let b = Self.hex(UInt32(truncatingIfNeeded: high))
        let c = Self.hex(UInt32(truncatingIfNeeded: low >> 32))
        let d = Self.hex(UInt32(truncatingIfNeeded: low))
        raw.storeBytes(of: a, toByteOffset: 0, as: UInt64.self)
        raw.storeBytes(of: UInt32(truncatingIfNeeded: b), toByteOffset: 9, as: UInt32.self)
        raw.storeBytes(of: UInt32(truncatingIfNeeded: b >> 32), toByteOffset: 14, as: UInt32.self)
        raw.storeBytes(of: UInt32(truncatingIfNeeded: c), toByteOffset: 19, as: UInt32.self)
        raw.storeBytes(of: UInt32(truncatingIfNeeded: c >> 32), toByteOffset: 24, as: UInt32.self)
        raw.storeBytes(of: d, toByteOffset: 28, as: UInt64.self)
        out[8] = UInt8(ascii: "-")
        out[13] = UInt8(ascii: "-")
        out[18] = UInt8(ascii: "-")
        out[23] = UInt8(ascii: "-")
    }

    /// The eight lowercase hex digits of `value`, most significant first, as the bytes of a little-endian word:
    /// each nibble spread into a byte of its own, then `'0'` added, and 39 more (to `'a'`) where it is above 9.
    @inline(__always)
    static func hex(_ value: UInt32) -> UInt64 {
        var x = UInt64(value.byteSwapped)
        x = (x | x << 16) & 0x0000_FFFF_0000_FFFF
        x = (x | x << 8) & 0x00FF_00FF_00FF_00FF
        let nibbles = (x >> 4) & 0x000F_000F_000F_000F | (x & 0x000F_000F_000F_000F) << 8
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return (nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 0x27).littleEndian
    }

    package mutating func string() -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            write(to: buffer.baseAddress!)
            return 36
        }
    }

    private mutating func refill() {
        if var bulk = source as? any RandomBytesSource {
            pool.withUnsafeMutableBytes { bulk.fill($0) }
        } else {
            for i in pool.indices { pool[i] = source.next() }
        }
        next = 0
    }
}

/// A source of random bytes that fills a buffer at once.
package protocol RandomBytesSource: RandomNumberGenerator {
    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer)
}

extension RandomBytesSource {
    package mutating func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return value
    }
}

/// Random bytes for UUIDs: each fill is the ChaCha20 keystream (RFC 8439) under a key and nonce read from the
/// operating system for that fill (44 bytes a call). Linux's getrandom runs ChaCha20 too, but in the kernel and
/// one block at a time: for a CSV run it was 5.5 % of the samples, this 0.8 % (specs/benchmark.md). No state is
/// kept, so copies of a source never repeat each other's bytes.
package struct KeyedRandomBytes: RandomBytesSource {
    package init() {}

    package mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        withUnsafeTemporaryAllocation(byteCount: 44, alignment: 8) { seed in
            var system = SystemRandomBytes()
            system.fill(seed)
            var cipher = ChaCha20(
                key: UnsafeRawBufferPointer(rebasing: seed[0..<32]),
                nonce: UnsafeRawBufferPointer(rebasing: seed[32...]))
            cipher.fill(buffer)
            seed.initializeMemory(as: UInt8.self, repeating: 0)
        }
    }
}

/// The operating system's CSPRNG, read in bulk.
package struct SystemRandomBytes: RandomBytesSource {
    package init() {}

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
