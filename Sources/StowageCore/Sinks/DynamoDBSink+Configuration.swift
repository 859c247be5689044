import AWSCore
import DynamoDB
import Logging

extension DynamoDBSink {
    /// The DynamoDB sink `configuration` describes for `catalog`: each stream's table, key and encoder.
    ///
    /// Keys: `streams.<stream>.hash_key` / `range_key` when set, else the catalog's `primary_key` (one field:
    /// partition key; two: partition and sort key), else `_airbyte_ab_id` (append-only, with a warning). Key
    /// types come from the stream's JSON schema where it declares one. Fails with a ``ConfigError`` naming the
    /// stream for a table name DynamoDB refuses, two streams in one table, or a key DynamoDB cannot have.
    package static func make(
        configuration: Configuration, catalog: Catalog, client: DynamoDBClient, syncID: String, logger: Logger,
        options: Options = Options()
    ) throws(ConfigError) -> DynamoDBSink {
        let settings = configuration.dynamoDB ?? DynamoDBDestination()
        var owners: [String: Catalog.Stream] = [:]
        var streams: [Stream] = []
        var unkeyed: [Catalog.Stream] = []
        for descriptor in catalog.streams {
            let table = try DynamoDBTableName.table(for: descriptor, prefix: settings.tableNamePrefix)
            if let other = owners[table] {
                throw ConfigError(
                    "Streams '\(other.displayName)' and '\(descriptor.displayName)' would both write into table '\(table)'; rename one of them.",
                    streams: [other.descriptor, descriptor.descriptor])
            }
            owners[table] = descriptor
            let (hash, range) = try keys(of: descriptor, settings: configuration.settings(for: descriptor))
            if hash.name == DynamoItemEncoder.abIDName { unkeyed.append(descriptor) }
            let encoder = DynamoItemEncoder(
                hashKey: hash.name, rangeKey: range?.name,
                options: DynamoItemEncoder.Options(
                    invalidNumbersAsStrings: settings.invalidNumbers == .string,
                    syncMarker: descriptor.replacesEarlierData ? syncID : nil))
            streams.append(
                Stream(descriptor: descriptor, table: table, hashKey: hash, rangeKey: range, encoder: encoder))
        }
        if !unkeyed.isEmpty {
            let named = unkeyed.map { "'\($0.displayName)'" }.joined(separator: ", ")
            logger.warning(
                "Streams \(named) have no primary key and no 'hash_key', so each record becomes a new item keyed by its random '_airbyte_ab_id': a re-run adds the items again instead of replacing them."
            )
        }
        var options = options
        options.lanes = settings.batchesInFlight
        options.maxOutstanding = 2 * settings.batchesInFlight
        return DynamoDBSink(streams: streams, client: client, syncID: syncID, logger: logger, options: options)
    }

    /// The stream's partition key and optional sort key, with the types its JSON schema declares.
    static func keys(
        of stream: Catalog.Stream, settings: Configuration.StreamSettings
    ) throws(ConfigError) -> (Key, Key?) {
        let fix = "set 'streams.\(stream.name).hash_key' (and 'range_key') to top-level fields"
        var names: [String]
        if let hash = settings.hashKey {
            names = [hash] + (settings.rangeKey.map { [$0] } ?? [])
        } else if settings.rangeKey != nil {
            throw ConfigError(
                "Stream '\(stream.displayName)' has a 'range_key' but no 'hash_key' in the config; add 'streams.\(stream.name).hash_key'.",
                streams: [stream.descriptor])
        } else if !stream.primaryKey.isEmpty {
            guard stream.primaryKey.allSatisfy({ $0.count == 1 }) else {
                let path = stream.primaryKey.first { $0.count != 1 }!.joined(separator: ".")
                throw ConfigError(
                    "Stream '\(stream.displayName)' has the nested primary key field '\(path)', but DynamoDB keys are top-level attributes; \(fix).",
                    streams: [stream.descriptor])
            }
            guard stream.primaryKey.count <= 2 else {
                throw ConfigError(
                    "Stream '\(stream.displayName)' has a primary key of \(stream.primaryKey.count) fields, but a DynamoDB key has at most two (partition and sort key); \(fix).",
                    streams: [stream.descriptor])
            }
            names = stream.primaryKey.map { $0[0] }
        } else {
            names = [DynamoItemEncoder.abIDName]
        }
        if names.count == 2, names[0] == names[1] {
            throw ConfigError(
                "Stream '\(stream.displayName)' would use '\(names[0])' as both partition and sort key; \(fix).",
                streams: [stream.descriptor])
        }
        if let long = names.first(where: { $0.utf8.count > 255 || $0.isEmpty }) {
            throw ConfigError(
                "Stream '\(stream.displayName)' has the key attribute '\(long.prefix(40))', but DynamoDB key names are 1 to 255 bytes long; \(fix).",
                streams: [stream.descriptor])
        }
        let keys = names.map { Key($0, declaredType(of: $0, in: stream.schema)) }
        return (keys[0], keys.count > 1 ? keys[1] : nil)
    }

    /// `S` for a field the schema types as a string, `N` for an integer or number (null allowed besides);
    /// nil when the schema does not say, or allows both.
    static func declaredType(of field: String, in schema: JSONValue) -> DynamoDBKeyType? {
        switch field {
        case DynamoItemEncoder.abIDName: return .string
        case DynamoItemEncoder.emittedAtName: return .number
        default: break
        }
        let types: [String]
        switch schema["properties"]?[field]?["type"] {
        case .string(let type)?: types = [type]
        case .array(let list)?: types = list.compactMap(\.stringValue)
        default: return nil
        }
        let concrete = Set(types).subtracting(["null"])
        if concrete == ["string"] { return .string }
        if !concrete.isEmpty, concrete.isSubset(of: ["integer", "number"]) { return .number }
        return nil
    }
}

extension Configuration {
    /// The DynamoDB client this configuration names: the endpoint, region and credentials from it, then the
    /// environment (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_*` credentials, the shared credentials file).
    package func makeDynamoDBClient(
        environment: [String: String], logger: Logger, transport: (any HTTPTransport)? = nil
    ) throws -> DynamoDBClient {
        let settings = dynamoDB ?? DynamoDBDestination()
        var transportOptions = CurlTransport.Options()
        if let bundle = environment["AWS_CA_BUNDLE"], !bundle.isEmpty { transportOptions.caBundlePath = bundle }
        do throws(DynamoDBError) {
            let (client, source) = try DynamoDBClient.resolve(
                DynamoDBSettings(
                    endpoint: settings.endpoint, region: settings.region, accessKeyId: accessKeyId,
                    secretAccessKey: secretAccessKey),
                environment: environment, transport: transport ?? CurlTransport(options: transportOptions),
                retryPolicy: RetryPolicy(
                    maxAttempts: retryMaxAttempts, maxSeconds: retryMaxSeconds, baseDelaySeconds: 0.05,
                    maxDelaySeconds: 5),
                logger: logger)
            logger.debug(
                "DynamoDB client",
                metadata: [
                    "endpoint": "\(client.endpoint.displayURL)", "region": "\(client.endpoint.region)",
                    "credentials": "\(source)", "access_key_id": "\(client.accessKeyId)",
                ])
            return client
        } catch {
            throw StorageError(error)
        }
    }
}
