import SampleData
import Testing

@testable import Codecs

@Suite struct ZlibInflaterTests {
    static func members(_ parts: [[UInt8]]) throws -> [UInt8] {
        let file = CodecBuffer()
        let compressor = try GzipCompressor(level: 6)
        for part in parts { try part.withUnsafeBytes { try compressor.compressMember($0, appendingTo: file) } }
        return file.array
    }

    /// The trap formats.md §12 names: a reader must not stop after the first member.
    @Test func readsEveryMemberNotJustTheFirst() throws {
        let parts = (0..<29).map { SampleBytes.csv(count: 10_000 + $0, seed: UInt64($0)) }
        let read = try Self.members(parts).withUnsafeBytes { try ZlibInflater.gunzip($0) }
        #expect(read.members == 29)
        #expect(read.bytes == parts.flatMap { $0 })
    }

    @Test func emptyMembersCount() throws {
        let read = try Self.members([[], [1, 2, 3], []]).withUnsafeBytes { try ZlibInflater.gunzip($0) }
        #expect(read.members == 3)
        #expect(read.bytes == [1, 2, 3])
    }

    @Test func truncationTrailingBytesAndBadChecksumsAreErrors() throws {
        let file = try Self.members([SampleBytes.csv(count: 5000), SampleBytes.csv(count: 5000, seed: 9)])
        for broken in [Array(file.dropLast(1)), file + [0x1f], [], flipped(file, at: file.count - 6)] {
            #expect(throws: CodecError.self) { try broken.withUnsafeBytes { try ZlibInflater.gunzip($0) } }
        }
    }

    private func flipped(_ bytes: [UInt8], at index: Int) -> [UInt8] {
        var copy = bytes
        copy[index] ^= 0x40
        return copy
    }
}
