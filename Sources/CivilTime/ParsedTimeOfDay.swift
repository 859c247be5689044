/// A time of day parsed from text: microseconds since midnight and what the text said about it.
package struct ParsedTimeOfDay: Hashable, Sendable {
    /// Microseconds since midnight, 0 to 86 399 999 999; in UTC when ``hasOffset``.
    package var microseconds: Int64
    /// Whether the text carried a UTC offset (`Z` counts).
    package var hasOffset: Bool
    /// Whether non-zero digits past the microsecond were dropped.
    package var truncated: Bool

    /// Creates a parsed time of day.
    @inline(__always)
    package init(microseconds: Int64, hasOffset: Bool = false, truncated: Bool = false) {
        self.microseconds = microseconds
        self.hasOffset = hasOffset
        self.truncated = truncated
    }
}
