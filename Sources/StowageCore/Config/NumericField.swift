/// A numeric config field with the range it accepts: used to read the config and to write the connector spec.
package struct NumericField: Sendable {
    package var key: String
    package var minimum: Double
    package var maximum: Double
    /// Whether only whole numbers are accepted.
    package var integer: Bool
    /// What the connector spec says of it: a title, one sentence, and the default.
    package var title: String
    package var description: String
    package var defaultValue: Double?

    package init(
        _ key: String, _ minimum: Double, _ maximum: Double, integer: Bool = false, title: String = "",
        description: String = "", default defaultValue: Double? = nil
    ) {
        self.key = key
        self.minimum = minimum
        self.maximum = maximum
        self.integer = integer
        self.title = title
        self.description = description
        self.defaultValue = defaultValue
    }

    /// The field's JSON Schema: a number in range, or a string of plain decimal digits in the same range.
    package var schema: JSONValue {
        let number: [(String, JSONValue)] = [
            ("type", .string(integer ? "integer" : "number")), ("minimum", .number(Self.format(minimum))),
            ("maximum", .number(Self.format(maximum))),
        ]
        let string: [(String, JSONValue)] = [
            ("type", .string("string")),
            ("pattern", .string(DecimalPattern.pattern(minimum: minimum, maximum: maximum, integer: integer))),
        ]
        var members: [(String, JSONValue)] = [("title", .string(title)), ("description", .string(description))]
        if let defaultValue { members.append(("default", .number(Self.format(defaultValue)))) }
        members.append(("anyOf", .array([.object(number), .object(string)])))
        return .object(members)
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
    package static let maxFileSizeMB = NumericField(
        "max_file_size_mb", 1, 5_242_880, title: "Maximum file size (MB)",
        description: "A file is finished and the next part started once it holds this many bytes before compression.",
        default: 200)
    package static let commitIntervalSeconds = NumericField(
        "commit_interval_seconds", 0.01, 604_800, title: "Commit interval (seconds)",
        description: "Held STATE messages make the open files finish after this long.", default: 300)
    package static let maxRecordSizeMB = NumericField(
        "max_record_size_mb", 1, 2048, title: "Maximum record size (MB)",
        description: "The longest input line accepted.", default: 64)
    /// S3's part sizes: 5 MiB to 5 GiB.
    package static let partSizeMB = NumericField(
        "part_size_mb", 5, 5120, title: "Multipart part size (MB)",
        description: "The first part size of multipart uploads; it grows for very large objects.", default: 8)
    package static let partsInFlight = NumericField(
        "parts_in_flight", 1, 64, integer: true, title: "Parts in flight",
        description: "Parts of one object uploading at once.", default: 2)
    package static let retryMaxAttempts = NumericField(
        "retry_max_attempts", 1, 100, integer: true, title: "Retry attempts",
        description: "Attempts per S3 request, the first included.", default: 6)
    package static let retryMaxSeconds = NumericField(
        "retry_max_seconds", 0, 3600, title: "Retry time limit (seconds)",
        description: "Total time one S3 request may spend retrying.", default: 60)
    package static let maxOpenFiles = NumericField(
        "max_open_files", 1, 10_000, integer: true, title: "Open files",
        description:
            "Files open at once over every stream and partition; past it the least recently written one is finished.",
        default: 64)
    package static let maxRecordsPerFile = NumericField(
        "max_records_per_file", 1, 1e15, integer: true, title: "Records per file",
        description: "A file is also finished once it holds this many records.")

    /// The top-level numeric fields, in the connector spec's order.
    package static let topLevel: [NumericField] = [
        maxFileSizeMB, maxRecordsPerFile, maxOpenFiles, commitIntervalSeconds, maxRecordSizeMB, partSizeMB,
        partsInFlight, retryMaxAttempts, retryMaxSeconds,
    ]
}
