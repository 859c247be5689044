import Testing

@testable import StowageCore

@Suite struct JSONNumberTextTests {
    static func int64(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { JSONNumberText.int64($0.baseAddress!, count: $0.count) }
    }

    static func double(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { JSONNumberText.double($0.baseAddress!, count: $0.count) }
    }

    static let integers: [(String, Int64?)] = [
        ("0", 0), ("-0", 0), ("42", 42), ("-42", -42), ("42.0", 42), ("4.2e1", 42), ("4.2E+1", 42), ("4200e-2", 42),
        ("0.0", 0), ("0e5", 0), ("1e18", 1_000_000_000_000_000_000), ("123456789012345678", 123_456_789_012_345_678),
        ("9223372036854775807", .max), ("-9223372036854775808", .min), ("9223372036854775808", nil),
        ("-9223372036854775809", nil), ("1e19", nil), ("4.5", nil), ("1.50", nil), ("150e-1", 15), ("1e-1", nil),
        ("0.001e3", 1), ("92233720368547758070e-1", .max), ("1e100000000", nil), ("1.0000000000000000000001", nil),
        ("100000000000000000000e-2", 1_000_000_000_000_000_000),
    ]

    @Test(arguments: integers)
    func integersAreExactWhateverTheirSpelling(_ pair: (String, Int64?)) {
        #expect(Self.int64(pair.0) == pair.1, "\(pair.0)")
    }

    static let doubles: [String] = [
        "0", "-0", "-0.0", "1", "0.1", "23.45", "1e308", "-1e308", "1.7976931348623157e308", "5e-324",
        "2.2250738585072014e-308",
        "123456789012345678901234567890", "0.30000000000000004", "9007199254740993", "1e22", "1e23",
        "3.14159265358979323846",
        "-123.456e-7",
    ]

    @Test(arguments: doubles)
    func doublesRoundLikeStrtod(_ text: String) throws {
        let parsed = try #require(Self.double(text))
        #expect(parsed.bitPattern == Double(text)!.bitPattern, "\(text)")
    }

    @Test func infinitiesAreRefused() {
        #expect(Self.double("1e309") == nil)
        #expect(Self.double("-2e400") == nil)
    }
}
