#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the column of a record's member name, by its UTF-8 bytes, without allocating.
///
/// Records of one stream nearly always list their members in the same order, so the column found for the
/// member at each position is remembered and tried first; a hash table answers the rest.
struct ColumnIndex {
    private let names: [[UInt8]]
    private var table: [Int32]
    private let mask: Int
    /// The column matched by the member at each position of the previous record.
    private var predicted: [Int32]

    init(columns: [String]) {
        names = columns.map { Array($0.utf8) }
        var size = 8
        while size < names.count * 2 { size *= 2 }
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
        predicted = [Int32](repeating: -1, count: max(names.count, 1) * 2)
        for (column, name) in names.enumerated() {
            var slot = name.withUnsafeBufferPointer { Self.hash($0.baseAddress!, $0.count) } & mask
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
        names[column].withUnsafeBufferPointer { $0.count == n && (n == 0 || memcmp($0.baseAddress!, p, n) == 0) }
    }

    /// The column named by the `n` bytes at `p`, the member at `position` of its record; nil if none.
    @inline(__always)
    mutating func column(named p: UnsafePointer<UInt8>, count n: Int, position: Int) -> Int? {
        if position < predicted.count {
            let guess = Int(predicted[position])
            if guess >= 0, matches(guess, p, n) { return guess }
        }
        var slot = Self.hash(p, n) & mask
        while true {
            let column = Int(table[slot])
            if column < 0 { return nil }
            if matches(column, p, n) {
                if position < predicted.count { predicted[position] = Int32(column) }
                return column
            }
            slot = (slot + 1) & mask
        }
    }
}
