import Logging

extension Configuration {
    /// The Parquet encoders of one stream's files; the stream's columns and types are worked out once, here.
    func parquetEncoders(for stream: Catalog.Stream, metadata: MetadataColumns) -> EncoderFactory {
        let layout = ParquetStreamLayout(
            stream: stream, metadata: metadata, dictionaryEncoding: parquet.dictionaryEncoding)
        let settings = parquet
        let name = stream.displayName
        return EncoderFactory { ParquetEncoder(layout: layout, settings: settings, streamName: name) }
    }

    /// What all open files' encoders may hold together before the sink makes the largest write its row group
    /// early: `block_size_mb` + 64 MiB, at least 128 MiB, for Parquet; no limit for CSV and JSONL, which hold
    /// nothing. One file reaches `block_size_mb` before the budget; ten files share 128 MiB.
    package var heldBytesBudget: Int {
        formatType == .parquet ? max(128 << 20, parquet.blockSize + (64 << 20)) : Int.max
    }

    /// Logs, once per stream, the properties whose schema Stowage cannot type and writes as JSON text.
    func logParquetFallbacks(_ catalog: Catalog, logger: Logger) {
        guard formatType == .parquet else { return }
        for stream in catalog.streams {
            let layout = ParquetStreamLayout(stream: stream, metadata: MetadataColumns(), dictionaryEncoding: false)
            guard !layout.fallbacks.isEmpty else { continue }
            let named = layout.fallbacks.map { "'\($0.name)' (\($0.reason))" }.joined(separator: ", ")
            logger.warning(
                "Stream '\(stream.displayName)' has properties written as JSON text in Parquet: \(named).",
                metadata: ["stream": "\(stream.displayName)"])
        }
    }
}
