/// Finds a file slot by its stream and partition key bytes without allocating: open addressing on a hash of the
/// key, slots compared byte for byte. Memory: two `Int`s per entry, at most half full.
struct SlotTable {
    private var entries: [Int] = [Int](repeating: -1, count: 64)
    private var count = 0

    /// The slot of `stream` with `key`, if there is one; `slots` holds every slot's stream and key.
    func find<S: SlotKeyed>(stream: Int, key: [UInt8], in slots: [S]) -> Int? {
        let mask = entries.count - 1
        var index = Self.hash(stream, key) & mask
        while true {
            let slot = entries[index]
            if slot < 0 { return nil }
            if slots[slot].stream == stream, slots[slot].key == key { return slot }
            index = (index + 1) & mask
        }
    }

    mutating func insert<S: SlotKeyed>(_ slot: Int, stream: Int, key: [UInt8], in slots: [S]) {
        if (count + 1) * 2 > entries.count { grow(slots) }
        let mask = entries.count - 1
        var index = Self.hash(stream, key) & mask
        while entries[index] >= 0 { index = (index + 1) & mask }
        entries[index] = slot
        count += 1
    }

    private mutating func grow<S: SlotKeyed>(_ slots: [S]) {
        let old = entries.filter { $0 >= 0 }
        entries = [Int](repeating: -1, count: entries.count * 2)
        count = 0
        for slot in old { insert(slot, stream: slots[slot].stream, key: slots[slot].key, in: slots) }
    }

    @inline(__always)
    private static func hash(_ stream: Int, _ key: [UInt8]) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: stream)
        for byte in key { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}

/// What a ``SlotTable`` needs of a slot.
protocol SlotKeyed {
    var stream: Int { get }
    var key: [UInt8] { get }
}
