extension Configuration {
    /// Where a sync's records go.
    package enum Destination: Sendable, Equatable {
        /// Files in S3 or a local directory (`s3_bucket_name`, `s3_endpoint`, …).
        case files
        /// One DynamoDB table per stream (`dynamodb_table_name_prefix`, `dynamodb_region`, …).
        case dynamoDB(DynamoDBDestination)
    }

    /// The DynamoDB settings, when the config selects DynamoDB.
    package var dynamoDB: DynamoDBDestination? {
        if case .dynamoDB(let settings) = destination { return settings }
        return nil
    }

    /// Makes this configuration write into DynamoDB, with the defaults that suit tables; the fields read after
    /// this (`commit_interval_seconds`, `retry_*`) still override them.
    mutating func select(_ dynamoDB: DynamoDBDestination, fields: FieldReader) throws(ConfigError) {
        guard bucketName.isEmpty else {
            throw ConfigError(
                "The config file '\(fields.source)' has both 's3_bucket_name' and DynamoDB fields; keep 's3_bucket_name' to write files or the 'dynamodb_*' fields to write into DynamoDB."
            )
        }
        destination = .dynamoDB(dynamoDB)
        // A batch is cheap to send half full: held states wait about a second, not five minutes.
        commitIntervalSeconds = 1
        retryMaxAttempts = 10
        retryMaxSeconds = 60
    }
}

/// Airbyte destination-dynamodb's fields, and Stowage's own DynamoDB knobs; `specs/dynamodb.md` is the contract.
package struct DynamoDBDestination: Sendable, Equatable {
    /// What to do with a number DynamoDB cannot store (more than 38 significant digits, or out of range).
    package enum InvalidNumbers: String, Sendable, Equatable {
        /// Reject the record, naming its line.
        case fail
        /// Store the number's text as a string (`S`).
        case string
    }

    /// `dynamodb_table_name_prefix` (or the old `dynamo_db_table_name`); nil when absent, so that table names
    /// start with the namespace or stream.
    package var tableNamePrefix: String?
    /// `dynamodb_region`; empty: `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`.
    package var region = ""
    /// `dynamodb_endpoint`; empty: `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL`, else Amazon DynamoDB.
    package var endpoint = ""
    /// `invalid_numbers`.
    package var invalidNumbers = InvalidNumbers.fail
    /// `dynamodb_batches_in_flight`: BatchWriteItem requests sent at once.
    package var batchesInFlight = 4

    package init(tableNamePrefix: String? = nil, region: String = "", endpoint: String = "") {
        self.tableNamePrefix = tableNamePrefix
        self.region = region
        self.endpoint = endpoint
    }

    /// The fields that select DynamoDB: a config holding any of them (and no `s3_bucket_name`) writes tables.
    package static let selectingFields = [
        "dynamodb_table_name_prefix", "dynamodb_region", "dynamodb_endpoint", "dynamo_db_table_name",
    ]

    /// The DynamoDB settings of a config document, or nil when it has none of ``selectingFields``.
    static func parse(_ fields: FieldReader) throws(ConfigError) -> DynamoDBDestination? {
        var selected = false
        for key in selectingFields where try fields.string(key) != nil { selected = true }
        guard selected else { return nil }
        var settings = DynamoDBDestination()
        let legacyPrefix = try fields.string("dynamo_db_table_name")
        settings.tableNamePrefix = try fields.string("dynamodb_table_name_prefix") ?? legacyPrefix
        settings.region = (try fields.string("dynamodb_region") ?? "").trimmingSpaces
        settings.endpoint = (try fields.string("dynamodb_endpoint") ?? "").trimmingSpaces
        if let prefix = settings.tableNamePrefix,
            let bad = prefix.unicodeScalars.first(where: { !isTableNameScalar($0) })
        {
            throw ConfigError(
                "'dynamodb_table_name_prefix' '\(prefix)' in the config file '\(fields.source)' holds '\(bad)'; DynamoDB table names allow only letters, digits, '_', '-' and '.'."
            )
        }
        if let value = try fields.string("invalid_numbers") {
            guard let parsed = InvalidNumbers(rawValue: value) else {
                throw ConfigError(
                    "'invalid_numbers' '\(value)' in the config file '\(fields.source)' is unknown; use 'fail' or 'string'."
                )
            }
            settings.invalidNumbers = parsed
        }
        if let n = try fields.number(.batchesInFlight) { settings.batchesInFlight = Int(n) }
        return settings
    }

    /// Whether DynamoDB allows `scalar` in a table name: `[a-zA-Z0-9_.-]`.
    static func isTableNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": true
        default: false
        }
    }
}

extension NumericField {
    package static let batchesInFlight = NumericField("dynamodb_batches_in_flight", 1, 64, integer: true)
}
