import SampleData
import Testing

@testable import Codecs

@Suite struct IsalDeflaterTests {
    /// Compresses `data` in blocks pigz style and closes the stream with an empty final block.
    static func deflateInBlocks(_ data: [UInt8], blockSize: Int, level: Int, deflater: IsalDeflater) throws
        -> CodecBuffer
    {
        let stream = CodecBuffer()
        try data.withUnsafeBytes { all in
            for start in stride(from: 0, to: all.count, by: blockSize) {
                let block = UnsafeRawBufferPointer(rebasing: all[start..<min(start + blockSize, all.count)])
                let dictionary = UnsafeRawBufferPointer(rebasing: all[max(0, start - IsalDeflater.windowSize)..<start])
                let before = stream.count
                try deflater.compressSegment(block, dictionary: dictionary, level: level, appendingTo: stream)
                #expect(stream.count - before <= IsalDeflater.maximumCompressedSize(inputCount: block.count))
                // RFC 1951 §3.2.4: a sync flush ends with an empty stored block, LEN 0 and NLEN 0xFFFF.
                #expect(Array(stream.bytes[(stream.count - 4)...]) == [0x00, 0x00, 0xff, 0xff])
            }
        }
        [UInt8]([0x03, 0x00]).withUnsafeBytes { stream.append($0) }
        return stream
    }

    @Test(arguments: IsalDeflater.levels, [1000, 32_768, 100_000, 1 << 20])
    func blocksJoinIntoOneStream(level: Int, blockSize: Int) throws {
        let data = SampleBytes.csv(count: 2_500_000)
        let stream = try Self.deflateInBlocks(data, blockSize: blockSize, level: level, deflater: IsalDeflater())
        #expect(try ZlibInflater.inflateRaw(stream.bytes) == data)
    }

    /// Priming with the input before a block lets it refer back: a repeat of the previous block costs almost nothing.
    @Test func theDictionaryIsUsed() throws {
        let half = SampleBytes.random(count: 20_000)
        let data = half + half
        let deflater = IsalDeflater()
        let primed = CodecBuffer()
        let unprimed = CodecBuffer()
        try data.withUnsafeBytes { all in
            let second = UnsafeRawBufferPointer(rebasing: all[20_000...])
            try deflater.compressSegment(
                second, dictionary: UnsafeRawBufferPointer(rebasing: all[..<20_000]), level: 1, appendingTo: primed)
            try deflater.compressSegment(
                second, dictionary: UnsafeRawBufferPointer(start: nil, count: 0), level: 1, appendingTo: unprimed)
        }
        #expect(primed.count < 1000)
        #expect(unprimed.count > 19_000)
    }

    @Test(arguments: IsalDeflater.levels)
    func incompressibleInputFitsTheBound(level: Int) throws {
        let data = SampleBytes.random(count: 3 << 20)
        let stream = try Self.deflateInBlocks(data, blockSize: 1 << 20, level: level, deflater: IsalDeflater())
        #expect(try ZlibInflater.inflateRaw(stream.bytes) == data)
    }

    /// An empty block yields just a sync flush; one deflater serves streams of different levels in turn.
    @Test func emptyBlocksAndOneDeflaterForManyStreams() throws {
        let deflater = IsalDeflater()
        let none = UnsafeRawBufferPointer(start: nil, count: 0)
        for (seed, level) in [(1, 3), (2, 1), (3, 2), (4, 1)] {
            let data = SampleBytes.csv(count: 300_000, seed: UInt64(seed))
            let stream = CodecBuffer()
            try deflater.compressSegment(none, dictionary: none, level: level, appendingTo: stream)
            try data.withUnsafeBytes {
                try deflater.compressSegment($0, dictionary: none, level: level, appendingTo: stream)
            }
            try deflater.compressSegment(none, dictionary: none, level: level, appendingTo: stream)
            [UInt8]([0x03, 0x00]).withUnsafeBytes { stream.append($0) }
            #expect(try ZlibInflater.inflateRaw(stream.bytes) == data)
        }
    }

    @Test func levelsOutsideIsalsAreRefused() {
        let error = #expect(throws: CodecError.self) {
            try IsalDeflater().compressSegment(
                UnsafeRawBufferPointer(start: nil, count: 0), dictionary: UnsafeRawBufferPointer(start: nil, count: 0),
                level: 4,
                appendingTo: CodecBuffer())
        }
        #expect(error?.code == .invalidLevel)
    }
}
