/// Parses RFC 3339 / ISO 8601 date-times from UTF-8 bytes into microseconds since 1970-01-01T00:00:00Z.
///
/// Accepted, with RFC 3339 §5.6's grammar as the base:
/// `YYYY-MM-DD` (``DateFields``), then `T`, `t` or a space (RFC 3339 §5.6 NOTE), then `HH:MM[:SS[.fraction]]`
/// (``TimeFields``: 24:00 and the 23:59:60 leap second included), then an optional offset (``UTCOffset``), then the
/// optional era suffix ` BC`. Nothing may come before or after; the year has exactly four digits.
///
/// Without an offset the fields are read as UTC (the Parquet timestamp rule of the format notes, §11.4: "no offset in
/// a with-tz column means UTC"); with one the result is the UTC instant. Allocates nothing.
package enum DateTimeParser {
    /// Parses a whole date-time, such as `2019-03-14T15:09:26.535897Z` or `2019-03-14 15:09-05:00`.
    @inline(__always)
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(CivilTimeError) -> ParsedTimestamp {
        try parse(bytes, allowsDateOnly: false)
    }

    /// Parses `count` bytes at `start` as ``parse(_:)`` does.
    @inline(__always)
    package static func parse(_ start: UnsafePointer<UInt8>, count: Int) throws(CivilTimeError) -> ParsedTimestamp {
        try parse(UnsafeBufferPointer(start: start, count: count), allowsDateOnly: false)
    }

    /// Parses a date-time as ``parse(_:)`` does, or a plain date (`2019-03-14`, `0044-03-15 BC`) as its midnight
    /// UTC with ``ParsedTimestamp/hasTime`` false: the "auto" reading of a string.
    @inline(__always)
    package static func parseDateOrDateTime(
        _ bytes: UnsafeBufferPointer<UInt8>
    ) throws(CivilTimeError) -> ParsedTimestamp {
        try parse(bytes, allowsDateOnly: true)
    }

    /// Parses a date-time, or when `allowsDateOnly` also a plain date.
    @inline(__always)
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, allowsDateOnly: Bool
    ) throws(CivilTimeError) -> ParsedTimestamp {
        guard !bytes.isEmpty else { throw CivilTimeError(.empty, at: 0) }
        var reader = ByteReader(bytes)
        let date = try DateFields.read(&reader)
        if allowsDateOnly {
            let beforeChrist = DateFields.readBeforeChrist(&reader)
            if reader.isAtEnd {
                let days = try date.daysSinceEpoch(beforeChrist: beforeChrist)
                return ParsedTimestamp(microseconds: days * UTCTime.microsecondsPerDay, hasTime: false)
            }
            guard !beforeChrist else { throw CivilTimeError(.trailingBytes, at: reader.index) }
        }
        switch reader.current {
        case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " "): reader.index += 1
        default: throw reader.failure(.unexpectedByte)
        }
        let time = try TimeFields.read(&reader)
        let offsetMinutes = try UTCOffset.read(&reader)
        let beforeChrist = DateFields.readBeforeChrist(&reader)
        guard reader.isAtEnd else { throw CivilTimeError(.trailingBytes, at: reader.index) }

        let days = try date.daysSinceEpoch(beforeChrist: beforeChrist)
        var microseconds = days * UTCTime.microsecondsPerDay + time.microsecondsOfDay
        if let offsetMinutes {
            microseconds -= Int64(offsetMinutes) * 60_000_000
        }
        if time.isLeapSecond {
            let day = UTCTime.floorDivide(microseconds, UTCTime.microsecondsPerDay)
            try time.checkLeapSecond(utcMicrosecondsOfDay: microseconds - day * UTCTime.microsecondsPerDay)
        }
        return ParsedTimestamp(
            microseconds: microseconds, hasOffset: offsetMinutes != nil, truncated: time.truncated, hasTime: true)
    }
}
