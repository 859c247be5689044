/// Parses `YYYY-MM-DD` dates, with the optional era suffix ` BC`, from UTF-8 bytes into days since 1970-01-01.
///
/// Grammar: RFC 3339 §5.6 `full-date` (``DateFields``); `0044-03-15 BC` is astronomical year −43. Nothing may come
/// before or after. The result fits Parquet's `DATE` (INT32). Allocates nothing.
package enum DateParser {
    /// Parses a whole date, such as `2019-03-14`, into days since 1970-01-01 (negative before it).
    @inline(__always)
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(CivilTimeError) -> Int32 {
        guard !bytes.isEmpty else { throw CivilTimeError(.empty, at: 0) }
        var reader = ByteReader(bytes)
        let date = try DateFields.read(&reader)
        let beforeChrist = DateFields.readBeforeChrist(&reader)
        guard reader.isAtEnd else { throw CivilTimeError(.trailingBytes, at: reader.index) }
        return Int32(truncatingIfNeeded: try date.daysSinceEpoch(beforeChrist: beforeChrist))
    }

    /// Parses `count` bytes at `start` as ``parse(_:)`` does.
    @inline(__always)
    package static func parse(_ start: UnsafePointer<UInt8>, count: Int) throws(CivilTimeError) -> Int32 {
        try parse(UnsafeBufferPointer(start: start, count: count))
    }
}
