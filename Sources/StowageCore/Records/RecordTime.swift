import CivilTime

/// Where a stream's records keep their own time, and how it is written: what `${RECORD_*}` partitions by.
///
/// From `streams.<stream>.record_time_field` and `record_time_format` (`specs/partitions.md`); without them, the
/// stream's `cursor_field` when it names one top-level field, else the record's `emitted_at`.
package struct RecordTime: Sendable {
    package enum Format: Sendable, Equatable {
        /// RFC 3339 / ISO 8601 strings (with `T` or a space, optional fraction and offset) or plain dates, and
        /// numbers (or numeric strings) as epoch seconds/ms/µs/ns by magnitude.
        case auto
        /// Numbers (or numeric strings) in one unit.
        case epoch(EpochUnit)
        /// RFC 3339 / ISO 8601 strings and plain dates only.
        case iso8601
        /// Strings matching a strftime-style pattern.
        case pattern(TimePattern)
    }

    /// The top-level field, or nil for the record's `emitted_at` (epoch milliseconds).
    package var field: String?
    package var format: Format
    /// Whether a missing or unparseable time falls back to `emitted_at` (counted) instead of failing the sync.
    package var fallsBackToEmittedAt: Bool

    package init(field: String?, format: Format = .auto, fallsBackToEmittedAt: Bool = false) {
        self.field = field
        self.format = format
        self.fallsBackToEmittedAt = fallsBackToEmittedAt
    }

    /// Reads `record_time_format`: `auto`, `epoch_s`, `epoch_ms`, `epoch_us`, `epoch_ns`, `iso8601`, or a pattern
    /// with `%` directives.
    package static func format(_ text: String) throws(ConfigError) -> Format {
        switch text {
        case "auto": return .auto
        case "epoch_s": return .epoch(.seconds)
        case "epoch_ms": return .epoch(.milliseconds)
        case "epoch_us": return .epoch(.microseconds)
        case "epoch_ns": return .epoch(.nanoseconds)
        case "iso8601": return .iso8601
        default:
            guard text.contains("%") else {
                throw ConfigError(
                    "'record_time_format' '\(text)' is unknown; use 'auto', 'epoch_s', 'epoch_ms', 'epoch_us', 'epoch_ns', 'iso8601' or a pattern such as '%Y-%m-%d %H:%M:%S'."
                )
            }
            do {
                return .pattern(try TimePattern(text))
            } catch {
                throw ConfigError(
                    "'record_time_format' '\(text)' cannot be used: \(error); fix the pattern.")
            }
        }
    }

    /// The time of a value (a span of `line`) in epoch microseconds, or nil when it cannot be read this way.
    @inline(__always)
    func microseconds(of value: JSONSpan, in line: UnsafeBufferPointer<UInt8>) -> Int64? {
        let base = line.baseAddress!
        switch value.kind {
        case .number:
            let bytes = UnsafeBufferPointer(start: base + value.start, count: value.end - value.start)
            switch format {
            case .auto: return try? EpochNumberParser.parse(bytes, unit: .auto).microseconds
            case .epoch(let unit): return try? EpochNumberParser.parse(bytes, unit: unit).microseconds
            case .iso8601, .pattern: return nil
            }
        case .string where !value.flags.contains(.escape):
            let bytes = UnsafeBufferPointer(start: base + value.start + 1, count: value.end - value.start - 2)
            switch format {
            case .auto:
                if let parsed = try? DateTimeParser.parseDateOrDateTime(bytes) { return parsed.microseconds }
                return try? EpochNumberParser.parse(bytes, unit: .auto).microseconds
            case .epoch(let unit): return try? EpochNumberParser.parse(bytes, unit: unit).microseconds
            case .iso8601: return try? DateTimeParser.parseDateOrDateTime(bytes).microseconds
            case .pattern(let pattern): return try? pattern.parse(bytes).microseconds
            }
        default:
            return nil
        }
    }
}
