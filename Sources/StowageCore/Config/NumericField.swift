/// A numeric config field with the range it accepts: used to read the config and to write the connector spec.
package struct NumericField: Sendable {
    package var key: String
    package var minimum: Double
    package var maximum: Double
    /// Whether only whole numbers are accepted.
    package var integer: Bool

    package init(_ key: String, _ minimum: Double, _ maximum: Double, integer: Bool = false) {
        self.key = key
        self.minimum = minimum
        self.maximum = maximum
        self.integer = integer
    }

    /// The range as a user reads it: "from 1 to 64" or "a whole number from 1 to 64".
    package var rangeText: String {
        (integer ? "a whole number" : "a number") + " from \(Self.format(minimum)) to \(Self.format(maximum))"
    }

    /// `x` without a fraction when it has none.
    package static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// 5 TiB, S3's largest object, in MiB.
    package static let maxFileSizeMB = NumericField("max_file_size_mb", 1, 5_242_880)
    package static let commitIntervalSeconds = NumericField("commit_interval_seconds", 0.01, 604_800)
    package static let maxRecordSizeMB = NumericField("max_record_size_mb", 1, 2048)
    /// S3's part sizes: 5 MiB to 5 GiB.
    package static let partSizeMB = NumericField("part_size_mb", 5, 5120)
    package static let partsInFlight = NumericField("parts_in_flight", 1, 64, integer: true)
    package static let retryMaxAttempts = NumericField("retry_max_attempts", 1, 100, integer: true)
    package static let retryMaxSeconds = NumericField("retry_max_seconds", 0, 3600)
    package static let maxOpenFiles = NumericField("max_open_files", 1, 10_000, integer: true)
    package static let maxRecordsPerFile = NumericField("max_records_per_file", 1, 1e15, integer: true)
}
