/// An instant parsed from an epoch number: microseconds since 1970-01-01T00:00:00Z and how it was read.
package struct ParsedEpochNumber: Hashable, Sendable {
    /// Microseconds since 1970-01-01T00:00:00Z, negative before it.
    package var microseconds: Int64
    /// Whether a non-zero part below the microsecond was dropped.
    package var truncated: Bool
    /// The unit the number was read in: the one asked for, or the one ``EpochUnit/auto`` chose; never `auto`.
    package var unit: EpochUnit

    /// Creates a parsed epoch number.
    @inline(__always)
    package init(microseconds: Int64, truncated: Bool = false, unit: EpochUnit) {
        self.microseconds = microseconds
        self.truncated = truncated
        self.unit = unit
    }
}
