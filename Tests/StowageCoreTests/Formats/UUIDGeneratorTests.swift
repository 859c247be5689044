import Testing

@testable import StowageCore

@Suite struct UUIDGeneratorTests {
    /// Hands out the words it was given, in order.
    struct Words: RandomNumberGenerator {
        var words: [UInt64]
        var position = 0
        mutating func next() -> UInt64 {
            defer { position += 1 }
            return words[position % words.count]
        }
    }

    /// The UUID of two words, by String(radix:): the reference the generator's word arithmetic must match.
    static func reference(_ high: UInt64, _ low: UInt64) -> String {
        let high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x4000
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let digits = [high, low].map { word in
            let text = String(word, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
        let cuts = [0, 8, 12, 16, 20, 32].map { digits.index(digits.startIndex, offsetBy: $0) }
        return (0..<5).map { String(digits[cuts[$0]..<cuts[$0 + 1]]) }.joined(separator: "-")
    }

    @Test func digitsAreTheWordsInHexMostSignificantFirst() {
        let words: [UInt64] = [
            0, 0, .max, .max, 0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210, 0xA0B0_C0D0_0A0B_0C0D,
            0x9F9F_9F9F_F9F9_F9F9,
        ]
        var generator = UUIDGenerator(source: Words(words: words))
        for pair in stride(from: 0, to: words.count, by: 2) {
            #expect(generator.string() == Self.reference(words[pair], words[pair + 1]))
        }
    }

    @Test func systemBytesFillBuffersLongerThanOneCall() {
        // 64 KiB is sixteen pools; a fill that stopped short would leave the tail zero.
        var source = SystemRandomBytes()
        var first = [UInt8](repeating: 0, count: 64 << 10)
        var second = first
        first.withUnsafeMutableBytes { source.fill($0) }
        second.withUnsafeMutableBytes { source.fill($0) }
        #expect(first != second)
        // Every 4 KiB block has some non-zero byte: the chance of a random block of zeros is 2^-32768.
        for block in stride(from: 0, to: first.count, by: 4096) {
            #expect(first[block..<block + 4096].contains { $0 != 0 }, "block at \(block) was left unfilled")
        }
    }

    @Test func keyedBytesAreFreshForEveryFill() {
        // Each fill has its own key: two fills of one source, and fills of two copies, share nothing.
        var source = KeyedRandomBytes()
        var copy = source
        var first = [UInt8](repeating: 0, count: 4096)
        var second = first
        var fromCopy = first
        first.withUnsafeMutableBytes { source.fill($0) }
        second.withUnsafeMutableBytes { source.fill($0) }
        fromCopy.withUnsafeMutableBytes { copy.fill($0) }
        #expect(first != second && first != fromCopy && second != fromCopy)
        // The last block is filled too: its bytes are not the zeros they started as (chance 2^-512).
        #expect(first[4032...].contains { $0 != 0 })
    }

    @Test func systemUUIDsAreDistinctVersion4() {
        var generator = UUIDGenerator()
        var seen = Set<String>()
        // More than one 4 KiB pool (256 UUIDs), so refills are exercised.
        for _ in 0..<2000 {
            let uuid = generator.string()
            let bytes = Array(uuid.utf8)
            #expect(bytes.count == 36)
            #expect([8, 13, 18, 23].allSatisfy { bytes[$0] == UInt8(ascii: "-") })
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect("89ab".utf8.contains(bytes[19]))
            #expect(bytes.allSatisfy { "0123456789abcdef-".utf8.contains($0) })
            seen.insert(uuid)
        }
        #expect(seen.count == 2000)
    }
}
