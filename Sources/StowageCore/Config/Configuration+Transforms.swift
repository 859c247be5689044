extension Configuration.StreamSettings {
    /// Reads the stream's `transforms` and `transform_errors`; a bad step is a ``ConfigError`` naming the stream's
    /// field, the step and the column.
    mutating func readTransforms(_ fields: FieldReader) throws(ConfigError) {
        if let value = fields.json("transforms") {
            do {
                transforms = try TransformPipeline.parse(value)
            } catch {
                throw error.configError(field: fields.name("transforms"), source: fields.source)
            }
        }
        transformErrors = try TransformErrorPolicy.read(fields)
    }
}

extension Configuration {
    /// Whether any stream has transform steps (which need each record's members listed).
    package var hasTransforms: Bool {
        streamSettings.values.contains { $0.transforms != nil }
    }

    /// What `stream` does with records its steps cannot handle: its own `transform_errors`, then the top level's.
    package func transformErrors(for stream: Catalog.Stream) -> TransformErrorPolicy {
        settings(for: stream).transformErrors.over(transformErrors)
    }

    /// For each catalog stream with transforms, the sink stream its rejects go to (after the catalog's streams,
    /// in catalog order); nil for the others.
    package func rejectStreams(of catalog: Catalog) -> [Int?] {
        var next = catalog.streams.count
        return catalog.streams.map { stream in
            guard settings(for: stream).transforms != nil else { return nil }
            defer { next += 1 }
            return next
        }
    }
}
