/// An instant parsed from text: microseconds since 1970-01-01T00:00:00Z and what the text said about it.
package struct ParsedTimestamp: Hashable, Sendable {
    /// Microseconds since 1970-01-01T00:00:00Z, negative before it; normalised to UTC when ``hasOffset``.
    package var microseconds: Int64
    /// Whether the text carried a UTC offset (`Z` counts); without one the fields were read as UTC.
    package var hasOffset: Bool
    /// Whether non-zero digits past the microsecond were dropped.
    package var truncated: Bool
    /// Whether the text carried a time of day; a plain date means its midnight.
    package var hasTime: Bool

    /// Creates a parsed instant.
    @inline(__always)
    package init(microseconds: Int64, hasOffset: Bool = false, truncated: Bool = false, hasTime: Bool = true) {
        self.microseconds = microseconds
        self.hasOffset = hasOffset
        self.truncated = truncated
        self.hasTime = hasTime
    }
}
