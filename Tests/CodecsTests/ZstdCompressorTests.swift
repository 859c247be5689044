import SampleData
import Testing

@testable import Codecs

@Suite struct ZstdCompressorTests {
    static let inputs: [(String, [UInt8])] = [
        ("empty", []), ("one byte", [7]), ("csv", SampleBytes.csv(count: 300_000)),
        ("random", SampleBytes.random(count: 200_000)), ("constant", SampleBytes.constant(count: 1 << 20)),
    ]

    @Test(arguments: [1, 3, 9, 19, -5], 0..<inputs.count)
    func roundTrips(level: Int, input: Int) throws {
        let data = Self.inputs[input].1
        let compressor = try ZstdCompressor()
        let frame = CodecBuffer()
        try data.withUnsafeBytes { try compressor.compressFrame($0, level: level, appendingTo: frame) }
        #expect(frame.count <= ZstdCompressor.maximumCompressedSize(inputCount: data.count))
        let restored = CodecBuffer()
        #expect(try ZstdDecompressor().decompress(frame.bytes, appendingTo: restored) == 1)
        #expect(restored.array == data)
    }

    /// RFC 8878 §3.1.1.1.1: bit 2 of the Frame_Header_Descriptor is Content_Checksum_flag.
    @Test func framesCarryAContentChecksum() throws {
        let frame = CodecBuffer()
        try SampleBytes.csv(count: 1000).withUnsafeBytes {
            try ZstdCompressor().compressFrame($0, level: 3, appendingTo: frame)
        }
        let bytes = frame.array
        #expect(Array(bytes[0..<4]) == [0x28, 0xB5, 0x2F, 0xFD])
        #expect(bytes[4] & 0b100 != 0)
    }

    @Test func aCorruptedFrameFailsItsChecksum() throws {
        let data = SampleBytes.random(count: 10_000)
        let frame = CodecBuffer()
        try data.withUnsafeBytes { try ZstdCompressor().compressFrame($0, level: 1, appendingTo: frame) }
        frame.base[frame.count / 2] ^= 0x01
        let error = try #require(throws: CodecError.self) {
            try ZstdDecompressor().decompress(frame.bytes, appendingTo: CodecBuffer())
        }
        #expect(error.code == .corruptInput)
    }

    @Test func concatenatedFramesDecodeToTheWhole() throws {
        let data = SampleBytes.csv(count: 250_000)
        let compressor = try ZstdCompressor()
        let frames = CodecBuffer()
        try data.withUnsafeBytes { all in
            for start in stride(from: 0, to: all.count, by: 64_000) {
                let block = UnsafeRawBufferPointer(rebasing: all[start..<min(start + 64_000, all.count)])
                try compressor.compressFrame(block, level: 3, appendingTo: frames)
            }
        }
        let restored = CodecBuffer()
        #expect(try ZstdDecompressor().decompress(frames.bytes, appendingTo: restored) == 4)
        #expect(restored.array == data)
    }

    @Test func aTruncatedFrameIsAnError() throws {
        let frame = CodecBuffer()
        try SampleBytes.csv(count: 50_000).withUnsafeBytes {
            try ZstdCompressor().compressFrame($0, level: 3, appendingTo: frame)
        }
        let cut = UnsafeRawBufferPointer(rebasing: frame.bytes[..<(frame.count - 3)])
        #expect(throws: CodecError.self) { try ZstdDecompressor().decompress(cut, appendingTo: CodecBuffer()) }
    }

    @Test func aSmallOutputIsReportedNotOverrun() throws {
        let data = SampleBytes.random(count: 4096)
        var output = [UInt8](repeating: 0, count: 100)
        let error = try #require(throws: CodecError.self) {
            try data.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { try ZstdCompressor().compressFrame(input, level: 3, into: $0) }
            }
        }
        #expect(error.code == .outputTooSmall)
    }

    @Test func anUnknownLevelIsRefused() throws {
        let error = try #require(throws: CodecError.self) {
            try [UInt8(1)].withUnsafeBytes {
                try ZstdCompressor().compressFrame($0, level: 99, appendingTo: CodecBuffer())
            }
        }
        #expect(error.code == .invalidLevel)
    }

    /// One context serves frames of changing levels and sizes, and stops allocating output once warm.
    @Test func aContextIsReusedAcrossLevels() throws {
        let compressor = try ZstdCompressor()
        let output = CodecBuffer()
        let decompressor = try ZstdDecompressor()
        for (index, level) in [1, 19, 3, 1, 3].enumerated() {
            let data = SampleBytes.csv(count: 100_000 + index * 10_000, seed: UInt64(index))
            output.removeAll()
            try data.withUnsafeBytes { try compressor.compressFrame($0, level: level, appendingTo: output) }
            let restored = CodecBuffer()
            try decompressor.decompress(output.bytes, appendingTo: restored)
            #expect(restored.array == data)
        }
    }
}
