extension Configuration {
    /// Reads and checks the config file at `path`; every mistake is a ``ConfigError`` naming the field and the fix.
    package static func load(path: String) throws(ConfigError) -> Configuration {
        try parse(JSONFile.read(path, role: "config"), source: path)
    }

    /// Builds a configuration from a parsed config document; `source` names it in messages.
    package static func parse(_ document: JSONValue, source: String) throws(ConfigError) -> Configuration {
        guard case .object = document else {
            throw ConfigError("The config file '\(source)' must hold a JSON object; wrap the settings in { }.")
        }
        let fields = FieldReader(document, source: source, path: "")
        let dynamoDB = try DynamoDBDestination.parse(fields)
        let bucket = try fields.string("s3_bucket_name") ?? ""
        guard dynamoDB != nil || !bucket.isEmpty else {
            throw ConfigError(
                "The config file '\(source)' has no 's3_bucket_name'; add the bucket to write into (or 'dynamodb_table_name_prefix' to write into DynamoDB)."
            )
        }
        var config = Configuration(bucketName: bucket)
        if let dynamoDB { try config.select(dynamoDB, fields: fields) }
        config.bucketPath = try fields.string("s3_bucket_path") ?? ""
        config.region = try fields.string("s3_bucket_region") ?? ""
        config.accessKeyId = try fields.string("access_key_id").flatMap { $0.isEmpty ? nil : $0 }
        config.secretAccessKey = try fields.string("secret_access_key").flatMap { $0.isEmpty ? nil : $0 }
        config.endpoint = try fields.string("s3_endpoint") ?? ""
        if let format = try fields.string("s3_path_format"), !format.trimmingSpaces.isEmpty {
            config.pathFormat = format.trimmingSpaces
        }
        if let pattern = try fields.string("file_name_pattern"), !pattern.isEmpty {
            config.ignoredFields.append("file_name_pattern")
        }
        if let role = try fields.string("role_arn"), !role.isEmpty {
            config.ignoredFields.append("role_arn")
        }
        if let format = try fields.object("format") {
            try config.readFormat(format)
        }
        if let mb = try fields.number(.maxFileSizeMB) { config.maxFileSize = Int(mb * 1_048_576) }
        if let s = try fields.number(.commitIntervalSeconds) { config.commitIntervalSeconds = s }
        if let mb = try fields.number(.maxRecordSizeMB) { config.maxRecordSize = Int(mb * 1_048_576) }
        config.pathStyleAccess = try fields.bool("s3_path_style_access")
        if let mb = try fields.number(.partSizeMB) { config.partSize = Int(mb * 1_048_576) }
        if let n = try fields.number(.partsInFlight) { config.partsInFlight = Int(n) }
        if let n = try fields.number(.retryMaxAttempts) { config.retryMaxAttempts = Int(n) }
        if let s = try fields.number(.retryMaxSeconds) { config.retryMaxSeconds = s }
        if let n = try fields.number(.maxOpenFiles) { config.maxOpenFiles = Int(n) }
        if let n = try fields.number(.maxRecordsPerFile) { config.maxRecordsPerFile = Int(n) }
        if let version = try fields.string("metadata_columns") {
            guard let parsed = MetadataColumns.Version(rawValue: version) else {
                throw ConfigError(
                    "'metadata_columns' '\(version)' in the config file '\(source)' is unknown; use 'v0' or 'v1'.")
            }
            config.metadataColumns = parsed
        }
        if let scope = try fields.string("overwrite_scope") {
            guard let parsed = OverwriteScope(rawValue: scope) else {
                throw ConfigError(
                    "'overwrite_scope' '\(scope)' in the config file '\(source)' is unknown; use 'stream' or 'partitions'."
                )
            }
            config.overwriteScope = parsed
        }
        if let fallback = try fields.string("invalid_record_time") {
            config.fallsBackToEmittedAt = try Self.fallsBack(fallback, "invalid_record_time", source)
        }
        config.transformErrors = try TransformErrorPolicy.read(fields)
        if let streams = try fields.object("streams") {
            for key in streams.keys {
                guard let stream = try streams.object(key) else { continue }
                config.streamSettings[key] = try Self.streamSettings(stream)
            }
        }
        return config
    }

    private static func streamSettings(_ fields: FieldReader) throws(ConfigError) -> StreamSettings {
        var settings = StreamSettings()
        settings.recordTimeField = try fields.string("record_time_field").flatMap { $0.isEmpty ? nil : $0 }
        if let format = try fields.string("record_time_format") {
            settings.recordTimeFormat = try RecordTime.format(format)
        }
        if let fallback = try fields.string("invalid_record_time") {
            settings.fallsBackToEmittedAt = try fallsBack(fallback, fields.name("invalid_record_time"), fields.source)
        }
        settings.hashKey = try fields.string("hash_key").flatMap { $0.isEmpty ? nil : $0 }
        settings.rangeKey = try fields.string("range_key").flatMap { $0.isEmpty ? nil : $0 }
        try settings.readTransforms(fields)
        return settings
    }

    private static func fallsBack(_ value: String, _ field: String, _ source: String) throws(ConfigError) -> Bool {
        switch value {
        case "fail": return false
        case "emitted_at": return true
        default:
            throw ConfigError(
                "'\(field)' '\(value)' in the config file '\(source)' is unknown; use 'fail' or 'emitted_at'.")
        }
    }

    /// The settings of `stream`: those keyed `namespace.name`, else those keyed `name`, else the defaults.
    package func settings(for stream: Catalog.Stream) -> StreamSettings {
        if let namespace = stream.namespace, let settings = streamSettings[namespace + "." + stream.name] {
            return settings
        }
        return streamSettings[stream.name] ?? StreamSettings()
    }

    /// Where `stream`'s records keep their time: the configured field, else a cursor of one top-level field,
    /// else `emitted_at`.
    package func recordTime(for stream: Catalog.Stream) -> RecordTime {
        let settings = settings(for: stream)
        let field = settings.recordTimeField ?? (stream.cursorField.count == 1 ? stream.cursorField[0] : nil)
        return RecordTime(
            field: field, format: settings.recordTimeFormat,
            fallsBackToEmittedAt: settings.fallsBackToEmittedAt ?? fallsBackToEmittedAt)
    }

    /// `format.compression`: `{"compression_type": "No Compression" | "GZIP" | "ZSTD", "compression_level": N}`.
    private static func compression(_ fields: FieldReader) throws(ConfigError) -> CompressionSettings? {
        let value = try fields.string("compression_type") ?? ""
        let kind: CompressionSettings.Kind
        switch value.lowercased() {
        case "no compression", "": return nil
        case "gzip": kind = .gzip
        case "zstd": kind = .zstd
        default:
            throw ConfigError(
                "The compression '\(value)' in '\(fields.source)' is unknown; use 'No Compression', 'GZIP' or 'ZSTD'.")
        }
        let range = CompressionSettings.levels(kind)
        let levels = NumericField(
            "compression_level", Double(range.lowerBound), Double(range.upperBound), integer: true)
        return CompressionSettings(kind: kind, level: try fields.number(levels).map { Int($0) })
    }

    private mutating func readFormat(_ format: FieldReader) throws(ConfigError) {
        let type = try format.string("format_type") ?? "CSV"
        switch type.uppercased() {
        case "CSV": formatType = .csv
        case "JSONL": formatType = .jsonl
        case "PARQUET":
            try readParquetFormat(format)
            return
        default:
            throw ConfigError(
                "The format '\(type)' in '\(format.source)' is not supported; set 'format.format_type' to 'CSV', 'JSONL' or 'Parquet'."
            )
        }
        if let value = try format.string("flattening") {
            switch value.lowercased() {
            case "no flattening", "": flattening = .none
            case "root level flattening": flattening = .rootLevel
            default:
                throw ConfigError(
                    "The flattening '\(value)' in '\(format.source)' is unknown; use 'No flattening' or 'Root level flattening'."
                )
            }
        }
        if let compression = try format.object("compression") {
            self.compression = try Self.compression(compression)
        }
        if let mb = try format.number(.partSizeMB) { partSize = Int(mb * 1_048_576) }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
