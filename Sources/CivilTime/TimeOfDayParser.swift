/// Parses `HH:MM[:SS[.fraction]]` times of day with an optional UTC offset into microseconds since midnight.
///
/// Grammar: RFC 3339 §5.6 `partial-time` or `full-time` (``TimeFields``, ``UTCOffset``). With an offset the time is
/// converted to UTC and wraps within the day (`01:30+02:00` is 23:30 UTC), since a time of day has no date to carry
/// into. `24:00` is 0; `23:59:60` reads as 23:59:59 where the UTC time is 23:59. Allocates nothing.
package enum TimeOfDayParser {
    /// Parses a whole time of day, such as `15:09:26.535897` or `10:09:26-05:00`.
    @inline(__always)
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(CivilTimeError) -> ParsedTimeOfDay {
        guard !bytes.isEmpty else { throw CivilTimeError(.empty, at: 0) }
        var reader = ByteReader(bytes)
        let time = try TimeFields.read(&reader)
        let offsetMinutes = try UTCOffset.read(&reader)
        guard reader.isAtEnd else { throw CivilTimeError(.trailingBytes, at: reader.index) }
        var microseconds = time.microsecondsOfDay - Int64(offsetMinutes ?? 0) * 60_000_000
        microseconds -= UTCTime.floorDivide(microseconds, UTCTime.microsecondsPerDay) * UTCTime.microsecondsPerDay
        try time.checkLeapSecond(utcMicrosecondsOfDay: microseconds)
        return ParsedTimeOfDay(microseconds: microseconds, hasOffset: offsetMinutes != nil, truncated: time.truncated)
    }

    /// Parses `count` bytes at `start` as ``parse(_:)`` does.
    @inline(__always)
    package static func parse(_ start: UnsafePointer<UInt8>, count: Int) throws(CivilTimeError) -> ParsedTimeOfDay {
        try parse(UnsafeBufferPointer(start: start, count: count))
    }
}
