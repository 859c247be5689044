/// The Parquet options of `format`, as Airbyte destination-s3 names them: page codec, row-group, page and
/// dictionary sizes. `specs/parquet.md` is the contract.
package struct ParquetSettings: Sendable, Hashable {
    /// `compression_codec`: how every page is compressed, inside the file.
    package enum Codec: String, Sendable, Hashable, CaseIterable {
        case uncompressed = "UNCOMPRESSED"
        case snappy = "SNAPPY"
        case gzip = "GZIP"
        case zstd = "ZSTD"
    }

    /// Airbyte's default, so that a config copied from destination-s3 writes what it wrote there.
    package var codec: Codec = .uncompressed
    /// `block_size_mb`: a row group is written out once it holds this many bytes (compressed pages plus the
    /// open pages and dictionaries). 64, not Airbyte's 128: the group is held in memory until it is written, and
    /// 64 MiB groups are already past the ~16 MiB where scans stop gaining from larger ones.
    package var blockSizeMB = 64
    /// `page_size_kb`: a data page closes at this many uncompressed bytes (lowered for wide schemas).
    package var pageSizeKB = 1024
    /// `dictionary_page_size_kb`: a column's dictionary stops growing here, and the rest of its row group is
    /// PLAIN (lowered for wide schemas).
    package var dictionaryPageSizeKB = 1024
    /// `dictionary_encoding`: whether string columns are dictionary-encoded.
    package var dictionaryEncoding = true
    /// `max_padding_size_mb`: accepted and ignored; padding only aligns row groups to HDFS blocks.
    package var maxPaddingSizeMB = 8

    package init() {}

    /// zstd level 1, not zstd's and Athena's 3: on the bench streams level 3 cost 1.7× the CPU of level 1 on the
    /// thread that encodes (telemetry 4.5 s vs 2.5 s for 200 MB), for files 1.015–1.08× DuckDB's level 3 at 3 and
    /// 1.06–1.08× at 1. Athena, Spark and pyarrow read any level.
    package static let zstdLevel = 1
    /// libdeflate level 6, gzip's own default.
    package static let gzipLevel = 6

    /// The row-group budget in bytes.
    package var blockSize: Int { blockSizeMB << 20 }
}

extension NumericField {
    package static let blockSizeMB = NumericField(
        "block_size_mb", 1, 1024, integer: true, title: "Block Size (Row Group Size) (MB)",
        description: "A row group is written out once it holds this much; peak memory grows with it.", default: 64)
    package static let pageSizeKB = NumericField(
        "page_size_kb", 1, 65_536, integer: true, title: "Page Size (KB)",
        description: "A data page closes at this many uncompressed bytes (lowered for wide schemas).", default: 1024)
    package static let dictionaryPageSizeKB = NumericField(
        "dictionary_page_size_kb", 1, 65_536, integer: true, title: "Dictionary Page Size (KB)",
        description:
            "A string column's dictionary stops growing here and the rest of its row group is plain (lowered for wide schemas).",
        default: 1024)
    package static let maxPaddingSizeMB = NumericField(
        "max_padding_size_mb", 0, 1024, integer: true, title: "Max Padding Size (MB)",
        description: "Accepted for compatibility; not applied.", default: 8)

    /// The Parquet options' numeric fields, in the order the spec shows them.
    static let parquet: [NumericField] = [.blockSizeMB, .maxPaddingSizeMB, .pageSizeKB, .dictionaryPageSizeKB]
}

extension ParquetSettings {
    /// `format`'s Parquet entry in the connector spec, appended to `format.oneOf` of `format` (the spec's
    /// `format` property); numeric options take their schema from ``NumericField`` like every other number.
    static func addingSpecification(to format: JSONValue) -> JSONValue {
        guard case .object(var members) = format, let index = members.firstIndex(where: { $0.0 == "oneOf" }),
            case .array(var options) = members[index].1
        else { return format }
        var properties: [(String, JSONValue)] = [
            (
                "format_type",
                .object([
                    ("type", .string("string")), ("enum", .array([.string("Parquet")])),
                    ("default", .string("Parquet")),
                ])
            ),
            (
                "compression_codec",
                .object([
                    ("type", .string("string")), ("title", .string("Compression Codec")),
                    (
                        "description",
                        .string(
                            "How every page is compressed, inside the file; format.compression does not apply. LZO, BROTLI and LZ4 are refused."
                        )
                    ),
                    ("enum", .array(Codec.allCases.map { .string($0.rawValue) })),
                    ("default", .string(Codec.uncompressed.rawValue)),
                ])
            ),
        ]
        for field in NumericField.parquet { properties.append((field.key, field.schema)) }
        properties.append(
            (
                "dictionary_encoding",
                .object([
                    ("type", .string("boolean")), ("title", .string("Dictionary Encoding")),
                    ("description", .string("Dictionary-encode string columns.")), ("default", .bool(true)),
                ])
            ))
        options.append(
            .object([
                ("title", .string("Parquet: Columnar Storage")), ("required", .array([.string("format_type")])),
                ("properties", .object(properties)),
            ]))
        members[index].1 = .array(options)
        return .object(members)
    }
}

extension Configuration {
    /// Reads `format` with `format_type` `Parquet`: Airbyte's options, unchanged. `format.compression` (the
    /// whole-file compression of CSV and JSONL) and `flattening` do not apply: pages are compressed inside the
    /// file, and every top-level property is its own column.
    mutating func readParquetFormat(_ format: FieldReader) throws(ConfigError) {
        formatType = .parquet
        var settings = ParquetSettings()
        if let codec = try format.string("compression_codec") {
            settings.codec = try Self.parquetCodec(codec, field: format.name("compression_codec"), format.source)
        }
        if let mb = try format.number(.blockSizeMB) { settings.blockSizeMB = Int(mb) }
        if let kb = try format.number(.pageSizeKB) { settings.pageSizeKB = Int(kb) }
        if let kb = try format.number(.dictionaryPageSizeKB) { settings.dictionaryPageSizeKB = Int(kb) }
        if let enabled = try format.bool("dictionary_encoding") { settings.dictionaryEncoding = enabled }
        if let mb = try format.number(.maxPaddingSizeMB) { settings.maxPaddingSizeMB = Int(mb) }
        parquet = settings
        if let mb = try format.number(.partSizeMB) { partSize = Int(mb * 1_048_576) }
    }

    /// Airbyte's codec names: the four every reader (Spark, Athena, pyarrow, DuckDB, polars) reads are taken;
    /// LZO, BROTLI and LZ4 are config errors, named with the reason.
    private static func parquetCodec(_ value: String, field: String, _ source: String) throws(ConfigError)
        -> ParquetSettings.Codec
    {
        if let codec = ParquetSettings.Codec(rawValue: value.uppercased()) { return codec }
        let reason: String
        switch value.uppercased() {
        case "LZO": reason = "LZO is not written by Stowage (pyarrow and polars cannot read it)"
        case "BROTLI": reason = "BROTLI is not written by Stowage (Spark and Athena cannot read it)"
        case "LZ4": reason = "LZ4 is not written by Stowage (its Hadoop framing is read inconsistently)"
        default: reason = "'\(value)' is not a Parquet codec"
        }
        throw ConfigError(
            "'\(field)' in the config file '\(source)' is '\(value)': \(reason); use UNCOMPRESSED, SNAPPY, GZIP or ZSTD."
        )
    }
}
