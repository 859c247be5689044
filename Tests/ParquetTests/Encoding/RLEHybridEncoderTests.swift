import SampleData
import Testing

@testable import Parquet

/// Golden bytes from Encodings.md's grammar, and round trips through an independent decoder for widths 0–32.
@Suite struct RLEHybridEncoderTests {
    static func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var out: [UInt8] = []
        values.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: bitWidth, into: &out) }
        return out
    }

    @Test func encodingsMdBitPackingExample() {
        // Encodings.md: 0–7 at bit width 3 pack as 10001000 11000110 11111010; one group: header 1 << 1 | 1.
        #expect(Self.encode([0, 1, 2, 3, 4, 5, 6, 7], bitWidth: 3) == [0x03, 0x88, 0xC6, 0xFA])
    }

    @Test func eightEqualValuesAreOneRLERun() {
        #expect(Self.encode([UInt32](repeating: 5, count: 8), bitWidth: 3) == [0x10, 0x05])
    }

    @Test func aLongRunHasAVarintCount() {
        // 100 << 1 = 200 = 0xC8 0x01.
        #expect(Self.encode([UInt32](repeating: 1, count: 100), bitWidth: 1) == [0xC8, 0x01, 0x01])
    }

    @Test func runValuesTakeWholeBytes() {
        #expect(Self.encode([UInt32](repeating: 300, count: 9), bitWidth: 9) == [0x12, 0x2C, 0x01])
        #expect(
            Self.encode([UInt32](repeating: 0xDEAD_BEEF, count: 8), bitWidth: 32) == [0x10, 0xEF, 0xBE, 0xAD, 0xDE])
    }

    @Test func bitWidthZeroHasNoValueBytes() {
        #expect(Self.encode([UInt32](repeating: 0, count: 10), bitWidth: 0) == [0x14])
        #expect(Self.encode([0, 0, 0], bitWidth: 0) == [0x03])
    }

    @Test func theLastGroupIsPaddedWithZeros() {
        // 1, 0, 1 at width 1 → 0b101; at width 2 → 01 00 01 = 0b010001, two bytes for the group of 8.
        #expect(Self.encode([1, 0, 1], bitWidth: 1) == [0x03, 0x05])
        #expect(Self.encode([1, 0, 1], bitWidth: 2) == [0x03, 0x11, 0x00])
    }

    @Test func aRunFillsThePendingGroupBeforeItsRLEPart() {
        // 1, 2, 3 then thirteen 4s: the group 1 2 3 4 4 4 4 4 is bit-packed, the other eight 4s are a run.
        // Width 3, value k at bits 3k…3k+2: set bits 0 4 6 7 | 11 14 | 17 20 23 → 0xD1 0x48 0x92.
        let values: [UInt32] = [1, 2, 3] + [UInt32](repeating: 4, count: 13)
        #expect(Self.encode(values, bitWidth: 3) == [0x03, 0xD1, 0x48, 0x92, 0x10, 0x04])
    }

    @Test func aShortRunAfterLiteralsStaysBitPacked() {
        let values: [UInt32] = [1, 2, 3] + [UInt32](repeating: 4, count: 10)
        let encoded = Self.encode(values, bitWidth: 3)
        #expect(encoded.first == 0x05)  // two groups, no RLE run
        #expect(encoded.count == 1 + 2 * 3)
    }

    @Test(arguments: 0...32)
    func roundTripsAtEveryBitWidth(bitWidth: Int) throws {
        var random = SplitMix64(seed: UInt64(bitWidth))
        let mask: UInt64 = bitWidth == 0 ? 0 : (1 << UInt64(bitWidth)) - 1
        for length in [1, 7, 8, 9, 63, 64, 65, 1000] {
            var values: [UInt32] = []
            while values.count < length {
                let value = UInt32(random.next() & mask)
                let repeats = random.next() % 4 == 0 ? Int(random.next() % 20) + 1 : 1
                values += repeatElement(value, count: min(repeats, length - values.count))
            }
            let encoded = Self.encode(values, bitWidth: bitWidth)
            let decoded = try RLEHybridDecoder.decode(
                encoded, from: 0, to: encoded.count, bitWidth: bitWidth, count: values.count)
            #expect(decoded == values, "width \(bitWidth), \(length) values")
        }
    }

    static let widths: [(UInt32, Int)] = [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (99, 7), (UInt32.max, 32)]

    @Test(arguments: widths)
    func bitWidthForMaxValue(value: UInt32, expected: Int) {
        #expect(RLEHybridEncoder.bitWidth(forMaxValue: value) == expected)
    }
}
