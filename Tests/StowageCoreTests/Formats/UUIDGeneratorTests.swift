import Testing

@testable import StowageCore

@Suite struct UUIDGeneratorTests {
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
