/// Page, dictionary and statistics limits, and the file's `created_by` and key/value metadata.
package struct ParquetWriterOptions: Sendable, Hashable {
    /// `FileMetaData.created_by`, e.g. `stowage version 1.2.3 (build abc123)`; parquet-java ignores string
    /// statistics in files without a parseable one.
    package var createdBy: String
    /// `FileMetaData.key_value_metadata`.
    package var keyValueMetadata: [KeyValue]
    /// A data page closes once its uncompressed body reaches this many bytes (estimated as values arrive).
    package var pageSizeLimit: Int
    /// A data page closes once it holds this many values.
    package var pageRowLimit: Int
    /// A column chunk's dictionary stops growing at this many PLAIN-encoded bytes; the rest of the chunk is PLAIN.
    package var dictionarySizeLimit: Int
    /// BYTE_ARRAY min/max statistics longer than this are cut to a prefix (min) or an incremented prefix (max).
    package var statisticsTruncationLength: Int

    /// The largest page and dictionary limits: keeps every page body below 2³¹ bytes with the largest value.
    package static let maximumLimit = 512 << 20
    /// The largest single BYTE_ARRAY value, in bytes.
    package static let maximumValueLength = (1 << 30) - 1

    package init(
        createdBy: String, keyValueMetadata: [KeyValue] = [], pageSizeLimit: Int = 1 << 20,
        pageRowLimit: Int = 20_000, dictionarySizeLimit: Int = 1 << 20, statisticsTruncationLength: Int = 64
    ) {
        self.createdBy = createdBy
        self.keyValueMetadata = keyValueMetadata
        self.pageSizeLimit = pageSizeLimit
        self.pageRowLimit = pageRowLimit
        self.dictionarySizeLimit = dictionarySizeLimit
        self.statisticsTruncationLength = statisticsTruncationLength
    }

    func validate() throws(ParquetError) {
        guard !createdBy.isEmpty else {
            throw ParquetError(
                .invalidOptions, "The Parquet 'created_by' is empty; pass the writing application and its version.")
        }
        for (name, value, low) in [
            ("pageSizeLimit", pageSizeLimit, 1), ("dictionarySizeLimit", dictionarySizeLimit, 0),
            ("pageRowLimit", pageRowLimit, 1), ("statisticsTruncationLength", statisticsTruncationLength, 4),
        ] where value < low || value > Self.maximumLimit {
            throw ParquetError(
                .invalidOptions,
                "The Parquet option \(name) '\(value)' is out of range; use \(low) to \(Self.maximumLimit).")
        }
    }
}
