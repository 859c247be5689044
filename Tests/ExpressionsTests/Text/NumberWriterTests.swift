import SampleData
import Testing

@testable import Expressions

@Suite struct NumberWriterTests {
    private func written(_ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: NumberWriter.maximumLength) { buffer in
            let count = NumberWriter.write(value, to: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
        }
    }

    private func written(_ value: Int64) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: NumberWriter.maximumLength) { buffer in
            let count = NumberWriter.write(value, to: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
        }
    }

    @Test(arguments: [Int64.min, .max, 0, -1, 1, 9, 10, 1_000_000_007, -42])
    func writesIntegersAsDigits(_ value: Int64) {
        #expect(written(value) == String(value))
    }

    static let doubles: [(Double, String)] = [
        (9, "9"), (-0.0, "0"), (0, "0"), (20, "20"), (154.4, "154.4"), (0.1 + 0.2, "0.30000000000000004"),
        (1.0 / 3, "0.3333333333333333"), (-0.5, "-0.5"), (1e21, "1e+21"),
        (9_223_372_036_854_775_808, "9.223372036854776e+18"),
        (9_223_372_036_854_774_784, "9223372036854774784"),
        (-9_223_372_036_854_775_808, "-9223372036854775808"), (4_503_599_627_370_497, "4503599627370497"),
        (1e-7, "1e-07"), (.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (-2.2250738585072014e-308, "-2.2250738585072014e-308"), (0.001, "0.001"), (123456.789, "123456.789"),
    ]

    @Test(arguments: doubles)
    func writesWholeDoublesWithoutAFractionAndOthersShortest(_ value: Double, _ text: String) {
        #expect(written(value) == text)
    }

    /// Every non-whole finite Double writes as `description` does and reads back to itself.
    @Test func writesTheShortestRoundTripText() {
        var random = SplitMix64(seed: 7)
        for k in 0..<200_000 {
            let value: Double
            switch k % 3 {
            case 0: value = Double(bitPattern: random.next())
            case 1: value = Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 1000
            default: value = Double.random(in: -1...1, using: &random)
            }
            guard value.isFinite else { continue }
            let text = written(value)
            if value.rounded(.towardZero) == value, let whole = Int64(exactly: value) {
                #expect(text == String(whole))
            } else {
                #expect(text == value.description, "\(value)")
            }
            #expect(Double(text)?.bitPattern == (value == 0 ? 0 : value.bitPattern), "\(value)")
        }
    }
}
