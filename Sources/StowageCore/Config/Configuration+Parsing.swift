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
        guard let bucket = try fields.string("s3_bucket_name"), !bucket.isEmpty else {
            throw ConfigError("The config file '\(source)' has no 's3_bucket_name'; add the bucket to write into.")
        }
        var config = Configuration(bucketName: bucket)
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
        if let mb = try fields.number("max_file_size_mb", atLeast: 1) { config.maxFileSize = Int(mb * 1024 * 1024) }
        if let s = try fields.number("commit_interval_seconds", atLeast: 0.01) { config.commitIntervalSeconds = s }
        if let mb = try fields.number("max_record_size_mb", atLeast: 1) { config.maxRecordSize = Int(mb * 1024 * 1024) }
        config.pathStyleAccess = try fields.bool("s3_path_style_access")
        if let mb = try fields.number("part_size_mb", atLeast: 5) { config.partSize = Int(mb * 1024 * 1024) }
        if let n = try fields.number("parts_in_flight", atLeast: 1, atMost: 64) { config.partsInFlight = Int(n) }
        if let n = try fields.number("retry_max_attempts", atLeast: 1, atMost: 100) { config.retryMaxAttempts = Int(n) }
        if let s = try fields.number("retry_max_seconds", atLeast: 0) { config.retryMaxSeconds = s }
        return config
    }

    private mutating func readFormat(_ format: FieldReader) throws(ConfigError) {
        let type = try format.string("format_type") ?? "CSV"
        switch type.uppercased() {
        case "CSV": formatType = .csv
        case "JSONL": formatType = .jsonl
        default:
            throw ConfigError(
                "The format '\(type)' in '\(format.source)' is not supported; set 'format.format_type' to 'CSV' or 'JSONL'."
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
        if let compression = try format.object("compression"), let value = try compression.string("compression_type") {
            switch value.lowercased() {
            case "no compression", "": self.compression = .none
            case "gzip": self.compression = .gzip
            default:
                throw ConfigError(
                    "The compression '\(value)' in '\(format.source)' is unknown; use 'No Compression' or 'GZIP'."
                )
            }
        }
        if compression == .gzip {
            throw ConfigError(
                "GZIP compression is not supported yet; set 'format.compression.compression_type' to 'No Compression'.")
        }
        if let mb = try format.number("part_size_mb", atLeast: 5) { partSize = Int(mb * 1024 * 1024) }
    }
}

/// Typed access to one JSON object of the config, with errors that name the field and the file.
private struct FieldReader {
    let members: [(String, JSONValue)]
    let source: String
    let path: String

    init(_ value: JSONValue, source: String, path: String) {
        self.members = value.objectMembers ?? []
        self.source = source
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func value(_ key: String) -> JSONValue? {
        guard let value = members.first(where: { $0.0 == key })?.1, value != .null else { return nil }
        return value
    }

    private func wrongType(_ key: String, _ expected: String) -> ConfigError {
        ConfigError("'\(name(key))' in the config file '\(source)' must be \(expected); correct its value.")
    }

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let s) = value else { throw wrongType(key, "a string") }
        return s
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let b) = value else { throw wrongType(key, "true or false") }
        return b
    }

    func number(_ key: String, atLeast low: Double, atMost high: Double = .infinity) throws(ConfigError) -> Double? {
        guard let value = value(key) else { return nil }
        let number: Double?
        switch value {
        case .number(let text): number = Double(text)
        case .string(let text): number = Double(text.trimmingSpaces)
        default: number = nil
        }
        guard let number, number >= low, number <= high else {
            let range =
                high == .infinity ? "at least \(Self.format(low))" : "from \(Self.format(low)) to \(Self.format(high))"
            throw wrongType(key, "a number \(range)")
        }
        return number
    }

    func object(_ key: String) throws(ConfigError) -> FieldReader? {
        guard let value = value(key) else { return nil }
        guard case .object = value else { throw wrongType(key, "an object") }
        return FieldReader(value, source: source, path: name(key))
    }

    private static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
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
