#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the column of a record's member name, by its UTF-8 bytes, without allocating.
///
/// Records of one stream nearly always list their members in the same order, so the column found for the
/// member at each position is remembered and tried first; a hash table answers the rest. All of it lives in
/// raw memory owned by one object, so a lookup does no reference counting.
struct ColumnIndex {
    private final class Storage {
        let bytes: UnsafeMutablePointer<UInt8>
        let offsets: UnsafeMutablePointer<Int>
        let table: UnsafeMutablePointer<Int32>
        let predicted: UnsafeMutablePointer<Int32>

        init(byteCount: Int, columns: Int, tableSize: Int, predictions: Int) {
            bytes = .allocate(capacity: max(byteCount, 1))
            offsets = .allocate(capacity: columns + 1)
            table = .allocate(capacity: tableSize)
            table.initialize(repeating: -1, count: tableSize)
            predicted = .allocate(capacity: predictions)
            predicted.initialize(repeating: -1, count: predictions)
        }

        deinit {
            bytes.deallocate()
            offsets.deallocate()
            table.deallocate()
            predicted.deallocate()
        }
    }

    private let storage: Storage
    private let bytes: UnsafeMutablePointer<UInt8>
    private let offsets: UnsafeMutablePointer<Int>
    private let table: UnsafeMutablePointer<Int32>
    private let predicted: UnsafeMutablePointer<Int32>
    private let mask: Int
    private let predictions: Int

    init(columns: [String]) {
        let names = columns.map { Array($0.utf8) }
        var size = 8
        while size < names.count * 2 { size *= 2 }
        predictions = max(names.count, 1) * 2
        storage = Storage(
            byteCount: names.reduce(0) { $0 + $1.count }, columns: names.count, tableSize: size,
            predictions: predictions)
        bytes = storage.bytes
        offsets = storage.offsets
        table = storage.table
        predicted = storage.predicted
        mask = size - 1
        var offset = 0
        for (column, name) in names.enumerated() {
            offsets[column] = offset
            name.withUnsafeBufferPointer { (bytes + offset).update(from: $0.baseAddress!, count: $0.count) }
            offset += name.count
        }
        offsets[names.count] = offset
        for column in names.indices {
            var slot = Self.hash(bytes + offsets[column], offsets[column + 1] - offsets[column]) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(column)
        }
    }

    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always)
    private func matches(_ column: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let start = offsets[column]
        return offsets[column + 1] - start == n && ShortBytes.equal(bytes + start, p, count: n)
    }

    /// The column named by the `n` bytes at `p`, the member at `position` of its record; nil if none.
    @inline(__always)
    func column(named p: UnsafePointer<UInt8>, count n: Int, position: Int) -> Int? {
        if position < predictions {
            let guess = Int(predicted[position])
            if guess >= 0, matches(guess, p, n) { return guess }
        }
        var slot = Self.hash(p, n) & mask
        while true {
            let column = Int(table[slot])
            if column < 0 { return nil }
            if matches(column, p, n) {
                if position < predictions { predicted[position] = Int32(column) }
                return column
            }
            slot = (slot + 1) & mask
        }
    }
}
