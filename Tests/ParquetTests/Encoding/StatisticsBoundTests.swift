import Testing

@testable import Parquet

@Suite struct StatisticsBoundTests {
    static let increments: [(String, String)] = [
        ("abc", "abd"),
        ("a\u{7F}", "a\u{80}"),
        ("aé", "aê"),
        ("a\u{D7FF}", "a\u{E000}"),
        ("a\u{10FFFF}", "b"),
        ("\u{FFFF}", "\u{10000}"),
    ]

    @Test(arguments: increments)
    func utf8UpperBoundsIncrementTheLastCharacter(prefix: String, expected: String) {
        #expect(StatisticsBound.upperBound(ofPrefix: Array(prefix.utf8), isUTF8: true) == Array(expected.utf8))
    }

    @Test func anUpperBoundNeedsAGrowableCharacter() {
        #expect(StatisticsBound.upperBound(ofPrefix: Array("\u{10FFFF}".utf8), isUTF8: true) == nil)
        #expect(StatisticsBound.upperBound(ofPrefix: [0xFF, 0xFF], isUTF8: false) == nil)
        #expect(StatisticsBound.upperBound(ofPrefix: [0x01, 0xFF], isUTF8: false) == [0x02])
    }

    static let prefixes: [([UInt8], Int)] = [
        ([0x61, 0x62], 2),
        ([0x61, 0xC3], 1),
        ([0x61, 0xE6, 0x97], 1),
        ([0x61, 0xE6, 0x97, 0xA5], 4),
        ([0xF0, 0x9F, 0x98], 0),
    ]

    @Test(arguments: prefixes)
    func lowerBoundsDropAnIncompleteLastCharacter(bytes: [UInt8], length: Int) {
        #expect(StatisticsBound.lowerBound(ofPrefix: bytes, isUTF8: true) == Array(bytes[0..<length]))
    }
}
