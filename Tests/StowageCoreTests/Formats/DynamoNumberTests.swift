import Testing

@testable import StowageCore

@Suite struct DynamoNumberTests {
    static func number(_ text: String) -> DynamoNumber {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { DynamoNumber($0.baseAddress!, count: $0.count) }
    }

    static func canonical(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer { number(text).appendCanonical(of: $0.baseAddress!, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    static let cases: [(String, Int, Int)] = [
        ("0", 0, 0), ("-0.000e5", 0, 0), ("1", 1, 0), ("10", 1, 1), ("1500", 2, 3), ("1.5e3", 2, 3),
        ("0.0015", 2, -3), ("-0.00012300", 3, -4), ("123.456", 6, 2), ("1e-130", 1, -130),
        ("9.99e125", 3, 125), ("12E+2", 2, 3), ("0.5e-1", 1, -2),
    ]

    @Test(arguments: cases)
    func significantDigitsAndExponent(_ example: (String, Int, Int)) {
        let parsed = Self.number(example.0)
        #expect(parsed.digits == example.1)
        #expect(parsed.exponent == example.2)
    }

    @Test func sizeIsOneBytePerTwoDigitsPlusOne() {
        #expect(Self.number("0").size == 1)
        #expect(Self.number("7").size == 2)
        #expect(Self.number("12").size == 2)
        #expect(Self.number("123").size == 3)
        #expect(Self.number("12345678901234567890123456789012345678").size == 20)
    }

    @Test func theCanonicalSpellingIsEqualForEqualValues() {
        #expect(Self.canonical("1.50") == "+15e0")
        #expect(Self.canonical("150e-2") == Self.canonical("1.5"))
        #expect(Self.canonical("-0.015E2") == "-15e0")
        #expect(Self.canonical("0.0") == "0")
        #expect(Self.canonical("-0") == "0")
        #expect(Self.canonical("1000") == "+1e3")
    }
}
