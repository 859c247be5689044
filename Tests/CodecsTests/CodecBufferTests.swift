import SampleData
import Testing

@testable import Codecs

@Suite struct CodecBufferTests {
    @Test func growsByDoublingAndKeepsItsBytes() {
        let buffer = CodecBuffer(capacity: 100)
        let data = SampleBytes.random(count: 1000)
        for start in stride(from: 0, to: 1000, by: 30) {
            data.withUnsafeBytes { buffer.append(UnsafeRawBufferPointer(rebasing: $0[start..<min(start + 30, 1000)])) }
        }
        #expect(buffer.array == data)
        #expect(buffer.capacity == 1600)
        _ = buffer.reserve(10_000)
        #expect(buffer.capacity == 11_000)
        buffer.reserveCapacity(11_001)
        #expect(buffer.capacity == 11_001)
        #expect(buffer.array == data)
    }

    @Test func removeAllKeepsTheCapacity() {
        let buffer = CodecBuffer()
        _ = buffer.reserve(5000)
        let capacity = buffer.capacity
        buffer.removeAll()
        #expect(buffer.count == 0)
        #expect(buffer.capacity == capacity)
        #expect(buffer.reserve(5000) == buffer.base)
    }
}
