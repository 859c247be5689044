/// The configured catalog: the streams a sync writes, each with its schema, keys, sync mode and generation.
package struct Catalog: Sendable {
    /// `destination_sync_mode`. Files cannot deduplicate, so `append_dedup` writes as `append` (with a warning);
    /// a table sink upserts by key for both.
    package enum SyncMode: String, Sendable {
        case append, overwrite
        case appendDedup = "append_dedup"
    }

    package struct Stream: Sendable {
        package var name: String
        package var namespace: String?
        package var syncMode: SyncMode
        /// The top-level properties of `json_schema`, sorted by their UTF-8 bytes.
        package var columns: [String]
        /// The stream's `json_schema` as given, for sinks and formats that type their columns from it.
        package var schema: JSONValue
        /// `primary_key`: paths of field names; `source_defined_primary_key` when the configured one is absent.
        package var primaryKey: [[String]]
        /// `cursor_field`: one path of field names, possibly empty.
        package var cursorField: [String]
        /// `generation_id`, `minimum_generation_id` and `sync_id` from the catalog (nil when absent).
        package var generationID: Int64?
        package var minimumGenerationID: Int64?
        package var syncID: Int64?

        package init(
            name: String, namespace: String? = nil, syncMode: SyncMode = .append, columns: [String] = [],
            schema: JSONValue = .object([]), primaryKey: [[String]] = [], cursorField: [String] = [],
            generationID: Int64? = nil, minimumGenerationID: Int64? = nil, syncID: Int64? = nil
        ) {
            self.name = name
            self.namespace = namespace
            self.syncMode = syncMode
            self.columns = columns
            self.schema = schema
            self.primaryKey = primaryKey
            self.cursorField = cursorField
            self.generationID = generationID
            self.minimumGenerationID = minimumGenerationID
            self.syncID = syncID
        }

        /// Whether a successful sync replaces what earlier syncs wrote: an overwrite, or Airbyte's truncate
        /// refresh (`append` with `minimum_generation_id == generation_id > 0`).
        package var replacesEarlierData: Bool {
            syncMode == .overwrite || ((minimumGenerationID ?? 0) > 0 && minimumGenerationID == generationID)
        }

        /// The generation below which earlier data goes, when the catalog gives one (`minimum_generation_id > 0`);
        /// nil means all of it (an overwrite without generations).
        package var replacedBelowGeneration: Int64? {
            guard let minimum = minimumGenerationID, minimum > 0 else { return nil }
            return minimum
        }

        /// How a user would name the stream: `namespace.name`, or `name`.
        package var displayName: String { descriptor.displayName }
        package var descriptor: StreamDescriptor { StreamDescriptor(name: name, namespace: namespace) }
    }

    package var streams: [Stream]

    package init(streams: [Stream]) {
        self.streams = streams
    }

    /// The streams whose `append_dedup` is written as `append` by a file sink.
    package var deduplicatedStreams: [Stream] { streams.filter { $0.syncMode == .appendDedup } }

    package static func load(path: String) throws(ConfigError) -> Catalog {
        try parse(JSONFile.read(path, role: "catalog"), source: path)
    }

    /// Reads a ConfiguredAirbyteCatalog; a mistake names every stream that has it, not only the first.
    package static func parse(_ document: JSONValue, source: String) throws(ConfigError) -> Catalog {
        guard case .array(let entries)? = document["streams"] else {
            throw ConfigError("The catalog file '\(source)' has no 'streams' array; pass a ConfiguredAirbyteCatalog.")
        }
        var streams: [Stream] = []
        var seen = Set<StreamDescriptor>()
        var badModes: [(StreamDescriptor, String)] = []
        var twice: [StreamDescriptor] = []
        for (index, entry) in entries.enumerated() {
            guard let stream = entry["stream"], let name = stream["name"]?.stringValue, !name.isEmpty else {
                throw ConfigError("Stream \(index + 1) in the catalog file '\(source)' has no 'stream.name'; add it.")
            }
            let descriptor = StreamDescriptor(name: name, namespace: stream["namespace"]?.stringValue)
            let modeText = entry["destination_sync_mode"]?.stringValue ?? ""
            guard let mode = SyncMode(rawValue: modeText) else {
                badModes.append((descriptor, modeText))
                continue
            }
            guard seen.insert(descriptor).inserted else {
                twice.append(descriptor)
                continue
            }
            let schema = stream["json_schema"] ?? .object([])
            streams.append(
                Stream(
                    name: name, namespace: descriptor.namespace, syncMode: mode, columns: columns(of: schema),
                    schema: schema,
                    primaryKey: paths(entry["primary_key"]) ?? paths(stream["source_defined_primary_key"]) ?? [],
                    cursorField: strings(entry["cursor_field"]) ?? [],
                    generationID: integer(entry["generation_id"]),
                    minimumGenerationID: integer(entry["minimum_generation_id"]), syncID: integer(entry["sync_id"])))
        }
        if !badModes.isEmpty {
            let named = badModes.map { "'\($0.0.displayName)' ('\($0.1)')" }.joined(separator: ", ")
            throw ConfigError(
                "The catalog file '\(source)' gives streams \(named) a destination_sync_mode Stowage does not know; use 'append', 'overwrite' or 'append_dedup'.",
                streams: badModes.map(\.0))
        }
        if !twice.isEmpty {
            let named = twice.map { "'\($0.displayName)'" }.joined(separator: ", ")
            throw ConfigError(
                "The catalog file '\(source)' lists streams \(named) more than once; list each stream once.",
                streams: twice)
        }
        return Catalog(streams: streams)
    }

    private static func columns(of schema: JSONValue) -> [String] {
        guard case .object(let properties)? = schema["properties"] else { return [] }
        var columns = properties.map(\.0)
        columns.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var unique: [String] = []
        for c in columns where unique.last != c { unique.append(c) }
        return unique
    }

    private static func strings(_ value: JSONValue?) -> [String]? {
        guard case .array(let items)? = value else { return nil }
        let strings = items.compactMap(\.stringValue)
        return strings.count == items.count ? strings : nil
    }

    private static func paths(_ value: JSONValue?) -> [[String]]? {
        guard case .array(let items)? = value else { return nil }
        let paths = items.compactMap(strings)
        return paths.count == items.count && !paths.isEmpty ? paths : nil
    }

    private static func integer(_ value: JSONValue?) -> Int64? {
        guard case .number(let text)? = value else { return nil }
        if let exact = Int64(text) { return exact }
        guard let double = Double(text), double == double.rounded(), abs(double) < 9e18 else { return nil }
        return Int64(double)
    }
}
