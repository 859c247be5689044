import CivilTime
import Testing

/// The zero-padded writers.
struct UTCTimeFormattingTests {
    /// Returns what `write` puts in a buffer, checking that the count it returns is the count it wrote.
    static func written(_ write: (UnsafeMutablePointer<UInt8>) -> Int) -> String {
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBufferPointer { write($0.baseAddress!) }
        #expect(buffer[count...].allSatisfy { $0 == 0 })
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    @Test("writeDigits pads to the width and keeps the low digits")
    func digits() {
        #expect(Self.written { UTCTime.writeDigits(7, width: 2, to: $0) } == "07")
        #expect(Self.written { UTCTime.writeDigits(0, width: 3, to: $0) } == "000")
        #expect(Self.written { UTCTime.writeDigits(59, width: 2, to: $0) } == "59")
        #expect(Self.written { UTCTime.writeDigits(535_897, width: 6, to: $0) } == "535897")
        #expect(Self.written { UTCTime.writeDigits(2019, width: 2, to: $0) } == "19")
    }

    @Test(
        "writeYear writes four digits, more past 9999, and a minus sign before 1 BC's year 0",
        arguments: [
            (0, "0000"), (42, "0042"), (2019, "2019"), (9999, "9999"), (10_000, "10000"), (292_277, "292277"),
            (-1, "-0001"), (-43, "-0043"), (-12_345, "-12345"),
        ])
    func year(_ year: Int, _ expected: String) {
        #expect(Self.written { UTCTime.writeYear(year, to: $0) } == expected)
        #expect(expected.utf8.count <= UTCTime.maxYearLength)
    }

    @Test("writeDate, writeTime and writeRFC3339")
    func fields() {
        let time = UTCTime(year: 2019, month: 3, day: 4, hour: 5, minute: 9, second: 6, microsecond: 35_897)
        #expect(Self.written { time.writeDate(to: $0) } == "2019-03-04")
        #expect(Self.written { time.writeTime(to: $0) } == "05:09:06.035897")
        #expect(Self.written { time.writeRFC3339(to: $0) } == "2019-03-04T05:09:06.035897Z")
        #expect(Self.written { time.writeYear(to: $0) } == "2019")
        let whole = UTCTime(year: 7, month: 12, day: 31, hour: 23, minute: 59, second: 59)
        #expect(Self.written { whole.writeTime(to: $0) } == "23:59:59")
        #expect(Self.written { whole.writeRFC3339(to: $0) } == "0007-12-31T23:59:59Z")
        let longest = UTCTime(year: -100_000, month: 12, day: 31, hour: 23, minute: 59, second: 59, microsecond: 1)
        #expect(Self.written { longest.writeRFC3339(to: $0) }.utf8.count == UTCTime.maxRFC3339Length)
    }
}
