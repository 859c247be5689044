import SampleData
import Testing

@testable import Codecs

@Suite struct SnappyTests {
    /// google/snappy format_description.txt: a varint of the length, then elements; a literal of n ≤ 60 bytes has
    /// the tag (n - 1) << 2.
    @Test func theRawFormatNotTheFramingFormat() throws {
        let out = CodecBuffer()
        try Array("abc".utf8).withUnsafeBytes { try Snappy.compress($0, appendingTo: out) }
        #expect(out.array == [0x03, 0x08, 0x61, 0x62, 0x63])
        let empty = CodecBuffer()
        try Snappy.compress(UnsafeRawBufferPointer(start: nil, count: 0), appendingTo: empty)
        #expect(empty.array == [0x00])
    }

    @Test(arguments: [0, 1, 1000, 65_536, 1 << 20])
    func roundTrips(count: Int) throws {
        for data in [
            SampleBytes.csv(count: count), SampleBytes.random(count: count), SampleBytes.constant(count: count),
        ] {
            let compressed = CodecBuffer()
            try data.withUnsafeBytes { try Snappy.compress($0, appendingTo: compressed) }
            #expect(compressed.count <= Snappy.maximumCompressedSize(inputCount: count))
            let restored = CodecBuffer()
            try Snappy.decompress(compressed.bytes, appendingTo: restored)
            #expect(restored.array == data)
        }
    }

    @Test func garbageIsAnError() {
        #expect(throws: CodecError.self) {
            try [UInt8](repeating: 0xff, count: 20).withUnsafeBytes {
                try Snappy.decompress($0, appendingTo: CodecBuffer())
            }
        }
    }
}
