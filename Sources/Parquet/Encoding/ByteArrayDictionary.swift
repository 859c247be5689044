/// A BYTE_ARRAY column chunk's dictionary: distinct values in first-seen order, found by their raw bytes.
///
/// The entries are kept PLAIN-encoded (`u32` length + bytes), which is exactly the dictionary page body
/// (Encodings.md, "Dictionary Encoding (PLAIN_DICTIONARY = 2 and RLE_DICTIONARY = 8)"). Lookups go through an
/// open-addressing table (linear probing, load ≤ 1/2) of 64-bit slots holding a 32-bit hash and the entry index, so
/// a hit costs one hash of the value, one slot read and one byte comparison, with no allocation.
///
/// Memory: ``plainBytes`` (at most the caller's byte limit) + 4 bytes per entry + 16–32 bytes per entry of table
/// (2–4 slots of 8 bytes).
struct ByteArrayDictionary {
    /// The dictionary page body: every entry PLAIN-encoded, in index order.
    private(set) var plainBytes: [UInt8] = []
    /// Where each entry's bytes start in ``plainBytes`` (after its length prefix).
    private var entryStarts: [UInt32] = []
    /// `hash << 32 | (index + 1)`, or 0 for an empty slot; the count is a power of two.
    private var slots: [UInt64] = []

    init() {
        slots = [UInt64](repeating: 0, count: 64)
    }

    /// The number of entries.
    var count: Int { entryStarts.count }

    /// Bytes held, counting capacity.
    var memoryFootprint: Int {
        plainBytes.capacity + entryStarts.capacity * 4 + slots.capacity * 8
    }

    /// Forgets every entry, keeping the storage for the next chunk.
    mutating func removeAll() {
        plainBytes.removeAll(keepingCapacity: true)
        entryStarts.removeAll(keepingCapacity: true)
        for i in slots.indices { slots[i] = 0 }
    }

    /// Releases all storage.
    mutating func releaseStorage() {
        plainBytes = []
        entryStarts = []
        slots = [UInt64](repeating: 0, count: 64)
    }

    /// A copy of entry `index`'s bytes.
    func entry(_ index: Int) -> [UInt8] {
        let start = Int(entryStarts[index])
        return plainBytes.withUnsafeBytes { raw in
            let length = Int(raw.loadUnaligned(fromByteOffset: start - 4, as: UInt32.self).littleEndian)
            return Array(raw[start..<start + length])
        }
    }

    /// Appends entry `index`, PLAIN-encoded, to `out`.
    func appendPlain(_ index: Int, to out: inout [UInt8]) {
        let start = Int(entryStarts[index])
        plainBytes.withUnsafeBytes { raw in
            let length = Int(raw.loadUnaligned(fromByteOffset: start - 4, as: UInt32.self).littleEndian)
            out.append(raw: UnsafeRawBufferPointer(rebasing: raw[start - 4..<start + length]))
        }
    }

    /// The index of `value`, inserted if new unless that would take ``plainBytes`` past `byteLimit`; nil then.
    @inline(__always)
    mutating func index(of value: UnsafeRawBufferPointer, byteLimit: Int) -> (index: UInt32, inserted: Bool)? {
        let hash = UInt64(truncatingIfNeeded: Self.hash(value) >> 32)
        let mask = slots.count &- 1
        var position = Int(truncatingIfNeeded: hash) & mask
        let found: Int = slots.withUnsafeBufferPointer { slots in
            plainBytes.withUnsafeBytes { raw in
                while true {
                    let slot = slots[position]
                    if slot == 0 { return -1 }
                    if slot >> 32 == hash {
                        let index = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
                        let start = Int(entryStarts[index])
                        let length = Int(raw.loadUnaligned(fromByteOffset: start &- 4, as: UInt32.self).littleEndian)
                        if length == value.count
                            && Self.equal(UnsafeRawBufferPointer(rebasing: raw[start..<start &+ length]), value)
                        {
                            return index
                        }
                    }
                    position = (position &+ 1) & mask
                }
            }
        }
        if found >= 0 { return (UInt32(truncatingIfNeeded: found), false) }
        guard plainBytes.count + 4 + value.count <= byteLimit, entryStarts.count < Int(UInt32.max) - 1 else {
            return nil
        }
        let index = entryStarts.count
        plainBytes.append(littleEndian: UInt32(value.count))
        entryStarts.append(UInt32(plainBytes.count))
        plainBytes.append(raw: value)
        slots[position] = hash << 32 | UInt64(index &+ 1)
        if entryStarts.count * 2 > slots.count { grow() }
        return (UInt32(index), true)
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot != 0 {
            var position = Int(truncatingIfNeeded: slot >> 32) & mask
            while slots[position] != 0 { position = (position + 1) & mask }
            slots[position] = slot
        }
    }

    /// A 64-bit hash of `bytes`: eight bytes at a time, the tail as one overlapping load, then MurmurHash3's fmix64.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        if count >= 8 {
            var i = 0
            while i &+ 8 < count {
                h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 29
                i &+= 8
            }
            h = (h ^ bytes.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
        } else if count >= 4 {
            let low = UInt64(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            let high = UInt64(bytes.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
            h = (h ^ (low | high << 32)) &* 0xBF58_476D_1CE4_E5B9
        } else if count > 0 {
            let word = UInt64(bytes[0]) | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count &- 1]) << 16
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
        }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// Whether `a` and `b` hold the same bytes.
    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let count = a.count
        guard count == b.count else { return false }
        if count >= 8 {
            var i = 0
            while i &+ 8 < count {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    != b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                {
                    return false
                }
                i &+= 8
            }
            return a.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        }
        var i = 0
        while i < count {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }
}
