import SampleData
import Testing

@testable import Expressions

@Suite struct NumberParserTests {
    private func parse(_ text: String) -> NumberParser.Parsed {
        Array(text.utf8).withUnsafeBufferPointer { NumberParser.parse($0) }
    }

    static let integers: [(String, Int64)] = [
        ("0", 0), ("-0", 0), ("7", 7), ("-7", -7), ("123456789012345678", 123_456_789_012_345_678),
        ("9223372036854775807", .max), ("-9223372036854775808", .min),
        ("1000000000000000000", 1_000_000_000_000_000_000),
    ]

    @Test(arguments: integers)
    func readsIntegersExactly(_ text: String, _ value: Int64) {
        #expect(parse(text) == .integer(value))
    }

    static let doubles: [String] = [
        "9223372036854775808", "-9223372036854775809", "99999999999999999999", "0.0", "-0.0", "1.5", "-2.25",
        "0.1", "0.30000000000000004", "1e0", "1E2", "1e+2", "1e-2", "123.456e-7", "2.2250738585072014e-308",
        "2.2250738585072011e-308", "4.9406564584124654e-324", "2e-324", "1.7976931348623157e308", "0.000001",
        "1234567890123456789012345678901234567890", "9007199254740993.0", "1.00000000000000011102",
        "1e-400", "123456789012345.678", "0.1000000000000000055511151231257827", "1e22", "1e23", "8.5e-1",
        "3.14159265358979323846264338327950288", "1." + String(repeating: "0", count: 80) + "1",
    ]

    @Test(arguments: doubles)
    func readsDoublesAsTheStandardLibraryDoes(_ text: String) throws {
        let expected = try #require(Double(text))
        guard case .number(let value) = parse(text) else {
            Issue.record("\(text) did not read as a number: \(parse(text))")
            return
        }
        #expect(value.bitPattern == expected.bitPattern, "\(text)")
    }

    @Test(arguments: [
        "", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "1.e5", "0x10", "1 ", " 1", "1_000", "NaN",
        "inf", "1e5.5", "--1", "12a",
    ])
    func refusesTextThatIsNotANumber(_ text: String) {
        #expect(parse(text) == .invalid)
    }

    @Test(arguments: ["1e400", "-1e309", "1.8e308"])
    func reportsNumbersBeyondDouble(_ text: String) {
        #expect(parse(text) == .outOfRange)
    }

    /// Random texts across the fast and slow paths, held to `Double(String)`, which rounds correctly.
    @Test func agreesWithTheStandardLibraryOnRandomText() {
        var random = SplitMix64(seed: 2024)
        for _ in 0..<50_000 {
            var text = Bool.random(using: &random) ? "-" : ""
            let integerDigits = Int.random(in: 1...20, using: &random)
            text += String(Int.random(in: 1...9, using: &random))
            for _ in 1..<integerDigits { text += String(Int.random(in: 0...9, using: &random)) }
            let fraction = Int.random(in: 0...20, using: &random)
            if fraction > 0 {
                text += "."
                for _ in 0..<fraction { text += String(Int.random(in: 0...9, using: &random)) }
            }
            if Bool.random(using: &random) { text += "e" + String(Int.random(in: -330...310, using: &random)) }
            let parsed = parse(text)
            let isInteger = fraction == 0 && !text.contains("e")
            if isInteger, let exact = Int64(text) {
                #expect(parsed == .integer(exact), "\(text)")
            } else if let expected = Double(text), expected.isFinite {
                #expect(parsed == .number(expected), "\(text)")
            } else {
                #expect(parsed == .outOfRange, "\(text)")
            }
        }
    }
}
