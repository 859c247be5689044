import Codecs
import Parquet
import SampleData
import Testing

@testable import StowageCore

@Suite struct PooledPageCompressionTests {
    /// Page bodies of many sizes, some compressible and some not.
    static let bodies: [[UInt8]] = (0..<60).map { i in
        var random = SplitMix64(seed: UInt64(i))
        let count = [0, 1, 100, 4096, 70_000, 300_000][i % 6]
        return (0..<count).map { j in
            i % 2 == 0 ? UInt8(truncatingIfNeeded: j / 7) : UInt8.random(in: 0...255, using: &random)
        }
    }

    /// Pages compressed on the page threads come back in submission order, byte for byte as the writer's own
    /// thread compresses them, with their bodies handed back unchanged.
    @Test(arguments: [ParquetSettings.Codec.snappy, .gzip, .zstd])
    func pagesComeBackInOrderAsTheWritersThreadWouldCompressThem(_ codec: ParquetSettings.Codec) throws {
        var pooled = PooledPageCompression(ParquetPageCompressor(codec))
        var inline = InlinePageCompression(ParquetPageCompressor(codec))
        #expect(pooled.codec == inline.codec)
        var taken = 0
        for (index, body) in Self.bodies.enumerated() {
            pooled.submit(body, into: [])
            inline.submit(body, into: [])
            // Keep up to the writer's bound out, as the writer does, then take the oldest.
            if index - taken >= ParquetFileWriter.pagesInFlight {
                try expectSame(try pooled.takeOldest(), try inline.takeOldest(), Self.bodies[taken])
                taken += 1
            }
        }
        while taken < Self.bodies.count {
            try expectSame(try pooled.takeOldest(), try inline.takeOldest(), Self.bodies[taken])
            taken += 1
        }
    }

    /// The frames are real zstd: the library's own decoder gives every body back.
    @Test func zstdPagesDecompressToTheirBodies() throws {
        var pooled = PooledPageCompression(ParquetPageCompressor(.zstd))
        for body in Self.bodies { pooled.submit(body, into: []) }
        let decompressor = try ZstdDecompressor()
        for body in Self.bodies {
            let page = try pooled.takeOldest()
            let out = CodecBuffer(capacity: 1 << 16)
            _ = try page.compressed.withUnsafeBytes { try decompressor.decompress($0, appendingTo: out) }
            #expect(Array(UnsafeBufferPointer(start: out.base, count: out.count)) == body)
        }
    }

    /// A page that a thread started and then stalled on (one that a busy host keeps off the cores) holds the writer
    /// up for the patience, not longer: the writer compresses it too, and the stalled thread's late result is
    /// dropped.
    @Test(.timeLimit(.minutes(1))) func aStalledPageIsCompressedByTheWriterAfterItsPatience() throws {
        let compressor = ParquetPageCompressor(.zstd)
        var inline = InlinePageCompression(compressor)
        let bodies = Array(Self.bodies[2...4])
        let tickets = PageTickets()
        for body in bodies {
            _ = tickets.add(CompressedPage(body: body, compressed: []))
            inline.submit(body, into: [])
        }
        let stalled = try #require(tickets.start(0))
        let clock = ContinuousClock()
        let began = clock.now
        try expectSame(try tickets.takeOldest(compressingWith: compressor), try inline.takeOldest(), bodies[0])
        let waited = clock.now - began
        #expect(waited >= .milliseconds(PageTickets.patienceMilliseconds) && waited < .seconds(5))
        tickets.complete(0, stalled, with: compressor)
        // A page no thread has started is compressed by the writer at once.
        let next = clock.now
        try expectSame(try tickets.takeOldest(compressingWith: compressor), try inline.takeOldest(), bodies[1])
        #expect(clock.now - next < .milliseconds(PageTickets.patienceMilliseconds))
        tickets.compress(2, with: compressor)
        try expectSame(try tickets.takeOldest(compressingWith: compressor), try inline.takeOldest(), bodies[2])
    }

    private func expectSame(_ pooled: CompressedPage, _ inline: CompressedPage, _ body: [UInt8]) throws {
        #expect(pooled.body == body)
        #expect(pooled.compressed == inline.compressed)
        #expect(!pooled.compressed.isEmpty)
    }
}
