import CivilTime
import Testing

/// Epoch counts ↔ UTC fields, before and after 1970.
struct UTCTimeTests {
    struct Known: Sendable, CustomTestStringConvertible {
        var microseconds: Int64
        var time: UTCTime
        var testDescription: String { "\(microseconds)" }
    }

    /// Values from Python's `datetime(…) - datetime(1970, 1, 1)`.
    static let known = [
        Known(microseconds: 0, time: UTCTime(year: 1970, month: 1, day: 1)),
        Known(
            microseconds: -1,
            time: UTCTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, microsecond: 999_999)),
        Known(
            microseconds: 1_552_576_166_535_897,
            time: UTCTime(year: 2019, month: 3, day: 14, hour: 15, minute: 9, second: 26, microsecond: 535_897)),
        Known(
            microseconds: -2_203_891_200_000_001,
            time: UTCTime(year: 1900, month: 2, day: 28, hour: 23, minute: 59, second: 59, microsecond: 999_999)),
        Known(microseconds: 951_825_600_000_000, time: UTCTime(year: 2000, month: 2, day: 29, hour: 12)),
        Known(microseconds: -62_135_596_800_000_000, time: UTCTime(year: 1, month: 1, day: 1)),
        Known(microseconds: -62_167_219_200_000_000, time: UTCTime(year: 0, month: 1, day: 1)),
        Known(
            microseconds: 253_402_300_799_999_999,
            time: UTCTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, microsecond: 999_999)),
        Known(microseconds: 253_402_300_800_000_000, time: UTCTime(year: 10_000, month: 1, day: 1)),
    ]

    @Test("init(epochMicroseconds:) and epochMicroseconds agree with known instants", arguments: known)
    func knownInstants(_ known: Known) {
        #expect(UTCTime(epochMicroseconds: known.microseconds) == known.time)
        #expect(known.time.epochMicroseconds == known.microseconds)
    }

    @Test("milliseconds and seconds scale to microseconds, negative ones rounding towards the past")
    func coarserUnits() {
        #expect(
            UTCTime(epochMilliseconds: 1_552_576_166_535)
                == UTCTime(year: 2019, month: 3, day: 14, hour: 15, minute: 9, second: 26, microsecond: 535_000))
        #expect(
            UTCTime(epochMilliseconds: -1)
                == UTCTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, microsecond: 999_000))
        #expect(UTCTime(epochSeconds: -86_400) == UTCTime(year: 1969, month: 12, day: 31))
        #expect(UTCTime(epochSeconds: 1_552_575_366).epochMicroseconds == 1_552_575_366_000_000)
    }

    @Test("pseudo-random instants across ±290 000 years round-trip with fields in range")
    func roundTrip() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var failures = 0
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let microseconds = Int64(bitPattern: state) / 1_000
            let time = UTCTime(epochMicroseconds: microseconds)
            if time.epochMicroseconds != microseconds || !(0...23).contains(time.hour)
                || !(0...59).contains(time.minute) || !(0...59).contains(time.second)
                || !(0...999_999).contains(time.microsecond)
            {
                failures += 1
            }
        }
        #expect(failures == 0)
    }
}
