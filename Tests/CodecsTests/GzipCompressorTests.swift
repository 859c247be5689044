import SampleData
import Testing

@testable import Codecs

@Suite struct GzipCompressorTests {
    static let inputs: [(String, [UInt8])] = [
        ("empty", []), ("one byte", [7]), ("csv", SampleBytes.csv(count: 300_000)),
        ("random", SampleBytes.random(count: 200_000)), ("constant", SampleBytes.constant(count: 1 << 20)),
    ]

    @Test(arguments: [0, 1, 4, 6, 9, 12], 0..<inputs.count)
    func oneMemberRoundTripsThroughZlib(level: Int, input: Int) throws {
        let data = Self.inputs[input].1
        let member = CodecBuffer()
        try data.withUnsafeBytes { try GzipCompressor(level: level).compressMember($0, appendingTo: member) }
        #expect(member.count <= GzipCompressor.maximumCompressedSize(inputCount: data.count))
        let read = try ZlibInflater.gunzip(member.bytes)
        #expect(read.members == 1)
        #expect(read.bytes == data)
        let restored = CodecBuffer()
        #expect(try GzipDecompressor().decompress(member.bytes, appendingTo: restored) == 1)
        #expect(restored.array == data)
    }

    /// RFC 1952 §2.3: ID1 ID2 CM, and the trailer's ISIZE.
    @Test func aMemberHasTheGzipWrapper() throws {
        let data = SampleBytes.csv(count: 12_345)
        let member = CodecBuffer()
        try data.withUnsafeBytes { try GzipCompressor(level: 6).compressMember($0, appendingTo: member) }
        let bytes = member.array
        #expect(Array(bytes[0..<3]) == [0x1f, 0x8b, 8])
        let isize = bytes[(bytes.count - 4)...].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(isize == data.count)
        let crc = bytes[(bytes.count - 8)..<(bytes.count - 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(crc == data.withUnsafeBytes { CRC32.checksum($0) })
    }

    @Test func membersInSeriesDecodeToTheWhole() throws {
        let data = SampleBytes.csv(count: 500_000)
        let compressor = try GzipCompressor(level: 6)
        let file = CodecBuffer()
        try data.withUnsafeBytes { all in
            for start in stride(from: 0, to: all.count, by: 100_000) {
                try compressor.compressMember(
                    UnsafeRawBufferPointer(rebasing: all[start..<start + 100_000]), appendingTo: file)
            }
        }
        let read = try ZlibInflater.gunzip(file.bytes)
        #expect(read.members == 5)
        #expect(read.bytes == data)
        let restored = CodecBuffer()
        #expect(try GzipDecompressor().decompress(file.bytes, appendingTo: restored) == 5)
        #expect(restored.array == data)
    }

    @Test func aMemberOfKnownSizeDecodesIntoPlace() throws {
        let data = SampleBytes.csv(count: 70_000)
        let member = CodecBuffer()
        try data.withUnsafeBytes { try GzipCompressor(level: 1).compressMember($0, appendingTo: member) }
        var restored = [UInt8](repeating: 0, count: data.count)
        let count = try restored.withUnsafeMutableBytes {
            try GzipDecompressor().decompressMember(member.bytes, into: $0)
        }
        #expect(count == data.count)
        #expect(restored == data)
    }

    @Test(arguments: [-1, 13])
    func levelsOutsideLibdeflatesAreRefused(level: Int) {
        let error = #expect(throws: CodecError.self) { try GzipCompressor(level: level) }
        #expect(error?.code == .invalidLevel)
    }
}
