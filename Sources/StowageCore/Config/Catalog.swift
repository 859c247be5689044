/// The configured catalog: the streams a sync writes, each with its schema's columns and sync mode.
package struct Catalog: Sendable {
    package enum SyncMode: String, Sendable { case append, overwrite }

    package struct Stream: Sendable {
        package var name: String
        package var namespace: String?
        package var syncMode: SyncMode
        /// The top-level properties of `json_schema`, sorted by their UTF-8 bytes.
        package var columns: [String]

        package init(name: String, namespace: String? = nil, syncMode: SyncMode = .append, columns: [String] = []) {
            self.name = name
            self.namespace = namespace
            self.syncMode = syncMode
            self.columns = columns
        }

        /// How a user would name the stream: `namespace.name`, or `name`.
        package var displayName: String { namespace.map { "\($0).\(name)" } ?? name }
    }

    package var streams: [Stream]

    package init(streams: [Stream]) {
        self.streams = streams
    }

    package static func load(path: String) throws(ConfigError) -> Catalog {
        try parse(JSONFile.read(path, role: "catalog"), source: path)
    }

    package static func parse(_ document: JSONValue, source: String) throws(ConfigError) -> Catalog {
        guard case .array(let entries)? = document["streams"] else {
            throw ConfigError("The catalog file '\(source)' has no 'streams' array; pass a ConfiguredAirbyteCatalog.")
        }
        var streams: [Stream] = []
        var seen = Set<String>()
        for (index, entry) in entries.enumerated() {
            guard let stream = entry["stream"], let name = stream["name"]?.stringValue, !name.isEmpty else {
                throw ConfigError("Stream \(index + 1) in the catalog file '\(source)' has no 'stream.name'; add it.")
            }
            let namespace = stream["namespace"]?.stringValue
            let modeText = entry["destination_sync_mode"]?.stringValue ?? ""
            guard let mode = SyncMode(rawValue: modeText) else {
                throw ConfigError(
                    "Stream '\(name)' in the catalog file '\(source)' has destination_sync_mode '\(modeText)'; use 'append' or 'overwrite'."
                )
            }
            var columns: [String] = []
            if case .object(let properties)? = stream["json_schema"]?["properties"] {
                columns = properties.map(\.0)
                columns.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                var unique: [String] = []
                for c in columns where unique.last != c { unique.append(c) }
                columns = unique
            }
            let parsed = Stream(name: name, namespace: namespace, syncMode: mode, columns: columns)
            guard seen.insert((namespace ?? "\u{1}") + "\u{0}" + name).inserted else {
                throw ConfigError(
                    "Stream '\(parsed.displayName)' appears twice in the catalog file '\(source)'; list it once.")
            }
            streams.append(parsed)
        }
        return Catalog(streams: streams)
    }
}
