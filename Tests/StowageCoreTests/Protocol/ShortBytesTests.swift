import Testing

@testable import StowageCore

@Suite struct ShortBytesTests {
    /// Every length from empty to past several words, equal and differing in any one byte (first, last, and each
    /// place a word or the overlapping tail covers).
    @Test(arguments: 0...40)
    func equalOnlyWhenEveryByteIs(_ count: Int) {
        let a = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        a.withUnsafeBufferPointer { x in
            var b = a
            let p = x.baseAddress ?? UnsafePointer(bitPattern: 1)!
            b.withUnsafeBufferPointer { #expect(ShortBytes.equal(p, $0.baseAddress ?? p, count: count)) }
            for index in 0..<count {
                b[index] ^= 0x80
                b.withUnsafeBufferPointer { #expect(!ShortBytes.equal(p, $0.baseAddress!, count: count)) }
                b[index] ^= 0x80
            }
        }
    }
}
