/// The ChaCha20 keystream of RFC 8439 (§2.3 block function, §2.4 counter mode), a 256-bit key, 96-bit nonce and
/// 32-bit block counter: <https://www.rfc-editor.org/rfc/rfc8439>.
///
/// It computes four blocks at a time, one in each lane of `SIMD4<UInt32>`, so that the rounds run on vector
/// registers. It holds no buffer: ``fill(_:)`` writes straight into the caller's memory.
public struct ChaCha20: Sendable {
    /// §2.3: the constants, the key, the counter and the nonce as sixteen little-endian words.
    private var state: SIMD16<UInt32>

    /// `key` is 32 bytes and `nonce` 12; `counter` is the first block's number.
    public init(key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, counter: UInt32 = 0) {
        precondition(key.count == 32 && nonce.count == 12, "ChaCha20 takes a 32-byte key and a 12-byte nonce")
        state = SIMD16(repeating: 0)
        state[0] = 0x6170_7865
        state[1] = 0x3320_646e
        state[2] = 0x7962_2d32
        state[3] = 0x6b20_6574
        for i in 0..<8 { state[4 + i] = Self.word(key, at: 4 * i) }
        state[12] = counter
        for i in 0..<3 { state[13 + i] = Self.word(nonce, at: 4 * i) }
    }

    /// The number of the next block ``fill(_:)`` writes.
    public var counter: UInt32 { state[12] }

    /// Writes the next `buffer.count` bytes of keystream (the encryption of zeros) and moves the counter past
    /// them; a last partial block uses up its whole block. The counter wraps after 2^32 blocks (256 GiB), which
    /// RFC 8439 forbids for one key and nonce: callers change the nonce or key long before.
    public mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard var out = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let count = min(remaining, 256)
            if count == 256 {
                writeFourBlocks(to: out)
            } else {
                withUnsafeTemporaryAllocation(byteCount: 256, alignment: 16) { whole in
                    writeFourBlocks(to: whole.baseAddress!)
                    out.copyMemory(from: whole.baseAddress!, byteCount: count)
                }
            }
            let used = UInt32((count + 63) / 64)
            state[12] &+= used
            out += count
            remaining -= count
        }
    }

    /// §2.3.1: writes blocks `counter` … `counter + 3` (256 bytes), each the rounds of its state plus the state;
    /// lane `j` of every vector is block `counter + j`'s word.
    @inline(__always)
    private func writeFourBlocks(to out: UnsafeMutableRawPointer) {
        let s = state
        let counters = SIMD4(repeating: s[12]) &+ SIMD4(0, 1, 2, 3)
        var x0 = SIMD4(repeating: s[0])
        var x1 = SIMD4(repeating: s[1])
        var x2 = SIMD4(repeating: s[2])
        var x3 = SIMD4(repeating: s[3])
        var x4 = SIMD4(repeating: s[4])
        var x5 = SIMD4(repeating: s[5])
        var x6 = SIMD4(repeating: s[6])
        var x7 = SIMD4(repeating: s[7])
        var x8 = SIMD4(repeating: s[8])
        var x9 = SIMD4(repeating: s[9])
        var x10 = SIMD4(repeating: s[10])
        var x11 = SIMD4(repeating: s[11])
        var x12 = counters
        var x13 = SIMD4(repeating: s[13])
        var x14 = SIMD4(repeating: s[14])
        var x15 = SIMD4(repeating: s[15])
        // §2.3: ten double rounds, a column round then a diagonal round.
        for _ in 0..<10 {
            Self.quarterRound(&x0, &x4, &x8, &x12)
            Self.quarterRound(&x1, &x5, &x9, &x13)
            Self.quarterRound(&x2, &x6, &x10, &x14)
            Self.quarterRound(&x3, &x7, &x11, &x15)
            Self.quarterRound(&x0, &x5, &x10, &x15)
            Self.quarterRound(&x1, &x6, &x11, &x12)
            Self.quarterRound(&x2, &x7, &x8, &x13)
            Self.quarterRound(&x3, &x4, &x9, &x14)
        }
        // §2.3: each block serialised as its sixteen words, little-endian, one block after the other.
        Self.store(x0 &+ SIMD4(repeating: s[0]), word: 0, to: out)
        Self.store(x1 &+ SIMD4(repeating: s[1]), word: 1, to: out)
        Self.store(x2 &+ SIMD4(repeating: s[2]), word: 2, to: out)
        Self.store(x3 &+ SIMD4(repeating: s[3]), word: 3, to: out)
        Self.store(x4 &+ SIMD4(repeating: s[4]), word: 4, to: out)
        Self.store(x5 &+ SIMD4(repeating: s[5]), word: 5, to: out)
        Self.store(x6 &+ SIMD4(repeating: s[6]), word: 6, to: out)
        Self.store(x7 &+ SIMD4(repeating: s[7]), word: 7, to: out)
        Self.store(x8 &+ SIMD4(repeating: s[8]), word: 8, to: out)
        Self.store(x9 &+ SIMD4(repeating: s[9]), word: 9, to: out)
        Self.store(x10 &+ SIMD4(repeating: s[10]), word: 10, to: out)
        Self.store(x11 &+ SIMD4(repeating: s[11]), word: 11, to: out)
        Self.store(x12 &+ counters, word: 12, to: out)
        Self.store(x13 &+ SIMD4(repeating: s[13]), word: 13, to: out)
        Self.store(x14 &+ SIMD4(repeating: s[14]), word: 14, to: out)
        Self.store(x15 &+ SIMD4(repeating: s[15]), word: 15, to: out)
    }

    /// Word `word` of the four blocks whose lanes `lanes` holds.
    @inline(__always)
    private static func store(_ lanes: SIMD4<UInt32>, word: Int, to out: UnsafeMutableRawPointer) {
        for block in 0..<4 {
            out.storeBytes(of: lanes[block].littleEndian, toByteOffset: 64 * block + 4 * word, as: UInt32.self)
        }
    }

    /// §2.1: the quarter round, on four blocks at once.
    @inline(__always)
    private static func quarterRound(
        _ a: inout SIMD4<UInt32>, _ b: inout SIMD4<UInt32>, _ c: inout SIMD4<UInt32>, _ d: inout SIMD4<UInt32>
    ) {
        a &+= b
        d = rotate(d ^ a, 16)
        c &+= d
        b = rotate(b ^ c, 12)
        a &+= b
        d = rotate(d ^ a, 8)
        c &+= d
        b = rotate(b ^ c, 7)
    }

    /// Rotates every lane left by `n`. The halves are added, not ORed (their bits never overlap): from an OR,
    /// LLVM forms a vector rotate that it then takes apart into a scalar `rol` per lane on x86-64's SSE2.
    @inline(__always)
    private static func rotate(_ x: SIMD4<UInt32>, _ n: UInt32) -> SIMD4<UInt32> {
        (x &<< n) &+ (x &>> (32 - n))
    }

    private static func word(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
