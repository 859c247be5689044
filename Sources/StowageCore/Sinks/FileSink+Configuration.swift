import Logging

extension FileSink {
    /// The file sink `configuration` describes for `catalog`: each stream's object names and encoder.
    ///
    /// Fails with a ``ConfigError`` when `s3_path_format` names an unknown variable or two streams would write
    /// to the same objects.
    package static func make(
        configuration: Configuration, catalog: Catalog, store: any ObjectStore, clock: any SyncClock = SystemClock(),
        syncUUID: String, logger: Logger, options: Options = Options()
    ) throws(ConfigError) -> FileSink {
        let format = configuration.pathFormat
        let naming = Naming(
            bucketPath: configuration.bucketPath,
            pathFormat: format.contains("${EPOCH}") ? format : format + "${EPOCH}_",
            syncUUID: syncUUID, fileExtension: configuration.fileExtension, epoch: clock.wallMilliseconds())
        let layout = try naming.layout()
        var owners: [String: Catalog.Stream] = [:]
        var streams: [Stream] = []
        for descriptor in catalog.streams {
            let names = layout.stream(namespace: descriptor.namespace, name: descriptor.name).anyPartition
            if let other = owners[names.filePrefix] {
                throw ConfigError(
                    "Streams '\(other.displayName)' and '\(descriptor.displayName)' would write to the same objects '\(names.filePrefix)…'; rename one or put ${NAMESPACE} and ${STREAM_NAME} in 's3_path_format'.",
                    streams: [other.descriptor, descriptor.descriptor])
            }
            owners[names.filePrefix] = descriptor
            try checkLength(of: names.key(part: 999_999), stream: descriptor)
            streams.append(
                Stream(
                    descriptor: descriptor, encoders: configuration.encoders(for: descriptor),
                    time: configuration.recordTime(for: descriptor)))
        }
        streams += rejectStreams(configuration: configuration, catalog: catalog, naming: naming)
        var options = options
        options.maxFileSize = configuration.maxFileSize
        options.maxRecordsPerFile = configuration.maxRecordsPerFile ?? Int.max
        options.maxOpenFiles = configuration.maxOpenFiles
        options.replacesPartitionsOnly = configuration.overwriteScope == .partitions
        options.heldBytesBudget = configuration.heldBytesBudget
        configuration.logParquetFallbacks(catalog, logger: logger)
        var wrap: (any ObjectUpload) -> any ObjectUpload = { $0 }
        // Parquet compresses its pages inside the file: the whole-file stage is for CSV and JSONL only.
        if let compression = configuration.compression, configuration.formatType != .parquet {
            let pool = CompressionPool()
            wrap = { CompressingUpload(wrapping: $0, settings: compression, pool: pool) }
        }
        return try FileSink(
            streams: streams, naming: naming, store: store, clock: clock, logger: logger, options: options, wrap: wrap)
    }
}

/// S3's longest object key, in bytes.
private let maximumKeyBytes = 1024
/// The longest file or folder name of common local file systems (`NAME_MAX`), in bytes.
private let maximumSegmentBytes = 255

/// Refuses a stream whose object names would be too long for S3 or a local directory, before any data is read.
private func checkLength(of key: String, stream: Catalog.Stream) throws(ConfigError) {
    let longestSegment = key.split(separator: "/").map(\.utf8.count).max() ?? 0
    guard key.utf8.count > maximumKeyBytes || longestSegment > maximumSegmentBytes else { return }
    let shown = stream.displayName.count > 40 ? String(stream.displayName.prefix(40)) + "…" : stream.displayName
    throw ConfigError(
        "Stream '\(shown)' makes object names too long (keys hold at most \(maximumKeyBytes) bytes, folder and file names \(maximumSegmentBytes)); shorten the stream or namespace name, or 's3_path_format'.",
        streams: [stream.descriptor])
}

extension Configuration {
    /// The extension of every file this configuration writes: the format's, then the compression's.
    package var fileExtension: String { formatType.fileExtension + (compression?.fileExtension ?? "") }

    /// The encoders of one stream's files.
    func encoders(for stream: Catalog.Stream) -> EncoderFactory {
        let flattening = self.flattening
        let metadata = MetadataColumns(
            version: metadataColumns, generationID: stream.generationID ?? 0, syncID: stream.syncID)
        switch formatType {
        case .csv:
            let prototype = CSVEncoder(columns: stream.columns, flattening: flattening, metadata: metadata)
            return EncoderFactory { prototype }
        case .jsonl:
            return EncoderFactory { JSONLEncoder(flattening: flattening, metadata: metadata) }
        case .parquet:
            return parquetEncoders(for: stream, metadata: metadata)
        }
    }

    /// Whether records reach the sink with their data's members listed: flattening reads them, and so do
    /// partitions, transforms and DynamoDB items.
    package var listsDataMembers: Bool {
        dynamoDB != nil || flattening == .rootLevel || formatType == .parquet || pathFormat.contains("${RECORD_")
            || pathFormat.contains("${FIELD:") || hasTransforms
    }
}
