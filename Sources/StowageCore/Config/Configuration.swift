/// The connector's configuration: Airbyte destination-s3's fields plus Stowage's own knobs, all with defaults.
///
/// Parsed by ``Configuration/parse(_:source:)``; `specs/config.md` is the contract.
package struct Configuration: Sendable {
    package enum FormatType: String, Sendable, CaseIterable {
        case csv = "CSV"
        case jsonl = "JSONL"
        case parquet = "Parquet"

        /// The extension of this format's files, before any compression's.
        package var fileExtension: String {
            switch self {
            case .csv: ".csv"
            case .jsonl: ".jsonl"
            case .parquet: ".parquet"
            }
        }
    }
    package enum Flattening: String, Sendable {
        case none = "No flattening"
        case rootLevel = "Root level flattening"
    }

    package enum OverwriteScope: String, Sendable {
        case stream
        case partitions
    }

    /// Settings of one stream, from the config's `streams` object.
    package struct StreamSettings: Sendable {
        package var recordTimeField: String?
        package var recordTimeFormat: RecordTime.Format = .auto
        /// nil: the config's top-level `invalid_record_time`.
        package var fallsBackToEmittedAt: Bool?
        /// DynamoDB: the partition and sort key attributes, instead of the catalog's primary key.
        package var hashKey: String?
        package var rangeKey: String?
        /// The stream's transform steps (specs/transforms.md), compiled; nil when it has none.
        package var transforms: TransformPipeline?
        /// The stream's own `transform_errors`; open fields take the top level's.
        package var transformErrors = TransformErrorPolicy()

        package init() {}
    }

    /// Where records go: files (S3 or a local directory), or DynamoDB tables; see `Configuration+DynamoDB.swift`.
    package var destination: Destination = .files
    package var bucketName: String
    package var bucketPath: String = ""
    package var region: String = ""
    package var accessKeyId: String?
    /// Never printed: ``description`` and every error leave it out.
    package var secretAccessKey: String?
    /// `""` means Amazon S3; `file:///dir` a local directory; anything else an S3-compatible endpoint URL.
    package var endpoint: String = ""
    package var pathFormat: String = Configuration.defaultPathFormat
    package var formatType: FormatType = .csv
    package var flattening: Flattening = .none
    /// CSV and JSONL files are compressed with this, or not at all when nil.
    package var compression: CompressionSettings?
    /// `format`'s Parquet options, used when ``formatType`` is `.parquet` (`specs/parquet.md`).
    package var parquet = ParquetSettings()

    /// A file is finished and the next part started once it holds this many bytes.
    package var maxFileSize: Int = 200 * 1024 * 1024
    /// Held STATE messages force the open files to be finished after this many seconds.
    package var commitIntervalSeconds: Double = 300
    /// The longest input line accepted; memory for input grows to this at most.
    package var maxRecordSize: Int = 64 * 1024 * 1024
    /// A file is also finished once it holds this many records.
    package var maxRecordsPerFile: Int?
    /// Files open at once over every stream and partition; past it the least recently written is finished.
    package var maxOpenFiles: Int = 64
    /// What an overwrite replaces after a successful sync: the stream's earlier files, or only those in the
    /// partition folders this sync wrote to.
    package var overwriteScope: OverwriteScope = .stream
    /// The `_airbyte_*` columns: Airbyte's legacy names (`v0`) or destination-s3 ≥ 1.0's (`v1`).
    package var metadataColumns: MetadataColumns.Version = .v0
    /// Per stream (by `name` or `namespace.name`): where its records keep their time, and the like.
    package var streamSettings: [String: StreamSettings] = [:]
    /// Whether a record whose time cannot be read falls back to `emitted_at`, for streams that do not say.
    package var fallsBackToEmittedAt = false
    /// The top-level `transform_errors`: what streams with transforms do with records their steps cannot handle.
    package var transformErrors = TransformErrorPolicy()

    /// S3: path-style addressing (`endpoint/bucket/key`); nil means true for custom endpoints, false for AWS.
    package var pathStyleAccess: Bool?
    /// S3: the multipart part size to start with, in bytes (at least 5 MiB).
    package var partSize: Int = 8 * 1024 * 1024
    /// S3: parts of one object uploading at once.
    package var partsInFlight: Int = 2
    /// S3: attempts per request, the first included.
    package var retryMaxAttempts: Int = 6
    /// S3: total seconds one request may spend retrying.
    package var retryMaxSeconds: Double = 60

    /// Airbyte fields that are accepted but have no effect yet, to be named in a warning.
    package var ignoredFields: [String] = []

    package static let defaultPathFormat = "${NAMESPACE}/${STREAM_NAME}/${YEAR}_${MONTH}_${DAY}_${EPOCH}_"

    package init(bucketName: String) {
        self.bucketName = bucketName
    }
}

extension Configuration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The settings that matter in a log line; the secret is shown only as whether it is set.
    package var description: String {
        "Configuration(bucket: '\(bucketName)', path: '\(bucketPath)', region: '\(region)', endpoint: '\(endpoint)', "
            + "accessKeyId: '\(accessKeyId ?? "")', secretAccessKey: \(secretAccessKey == nil ? "unset" : "<redacted>"), "
            + "format: \(formatType.rawValue), flattening: '\(flattening.rawValue)')"
    }

    package var debugDescription: String { description }

    package var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
