import Parquet

/// One stream's Parquet columns, fixed from the catalog for every file of the stream: the metadata columns, one
/// column per top-level schema property (in the order CSV's root-level flattening uses), then
/// `_airbyte_additional_properties`.
///
/// A property whose name is empty or is one of the metadata columns' (or `_airbyte_additional_properties`)
/// gets no column: its values go into `_airbyte_additional_properties` like undeclared members, so no name
/// appears twice and nothing is dropped.
struct ParquetStreamLayout: Sendable {
    struct DataColumn: Sendable {
        var name: String
        var kind: ParquetValueKind
        /// `"name":` as JSON text, for a rescued value in `_airbyte_additional_properties`.
        var jsonKey: [UInt8]
    }

    let metadata: MetadataColumns
    let dataColumns: [DataColumn]
    let schema: ParquetSchema
    /// `{"sync_id":…,"changes":[` of `_airbyte_meta` (v1).
    let metaOpening: [UInt8]
    /// What follows a nulled field's name in `_airbyte_meta.changes`.
    static let metaChange = Array(#","change":"NULLED","reason":"DESTINATION_SERIALIZATION_ERROR"}"#.utf8)
    /// Properties typed as JSON text for a reason worth a warning: (name, reason).
    let fallbacks: [(name: String, reason: String)]

    /// Columns before the data columns.
    var metadataColumnCount: Int { metadata.names.count }
    /// The index of `_airbyte_additional_properties`, the last column.
    var additionalPropertiesColumn: Int { metadataColumnCount + dataColumns.count }

    /// The names a data column cannot have.
    static let reservedNames = MetadataColumns.reservedNames.union([MetadataColumns.additionalPropertiesColumn])

    init(stream: Catalog.Stream, metadata: MetadataColumns, dictionaryEncoding: Bool) {
        self.metadata = metadata
        metaOpening = Array("{\"sync_id\":\(metadata.syncID.map(String.init) ?? "null"),\"changes\":[".utf8)
        let properties = stream.schema["properties"]?.objectMembers ?? []
        var columns: [DataColumn] = []
        var fallbacks: [(name: String, reason: String)] = []
        for name in stream.columns where !name.isEmpty && !Self.reservedNames.contains(name) {
            let schema = properties.last { $0.0 == name }?.1 ?? .object([])
            let (kind, fallback) = ParquetTypeMapping.kind(of: schema)
            if let fallback { fallbacks.append((name, fallback)) }
            var key = ""
            JSONValue.writeString(name, to: &key)
            columns.append(DataColumn(name: name, kind: kind, jsonKey: Array(key.utf8) + [UInt8(ascii: ":")]))
        }
        dataColumns = columns
        self.fallbacks = fallbacks

        let names = metadata.names
        var parquetColumns: [ParquetColumn] = [
            ParquetColumn(
                name: names[0], physicalType: .byteArray, logicalType: .string, repetition: .required,
                usesDictionary: false),
            .timestamp(names[1], unit: .millis, repetition: .required),
        ]
        if metadata.version == .v1 {
            parquetColumns.append(.int64(names[2], repetition: .required))
            parquetColumns.append(.string(names[3], repetition: .required))
        }
        for column in columns {
            parquetColumns.append(Self.parquetColumn(column, dictionaryEncoding: dictionaryEncoding))
        }
        var additional = ParquetColumn.string(MetadataColumns.additionalPropertiesColumn)
        additional.usesDictionary = dictionaryEncoding
        parquetColumns.append(additional)
        do {
            schema = try ParquetSchema(parquetColumns)
        } catch {
            // Unreachable: names are non-empty and distinct (the catalog's are, and reserved ones are left out).
            preconditionFailure("Parquet schema of '\(stream.displayName)': \(error)")
        }
    }

    private static func parquetColumn(_ column: DataColumn, dictionaryEncoding: Bool) -> ParquetColumn {
        var parquet: ParquetColumn
        switch column.kind {
        case .string, .json, .time: parquet = .string(column.name)
        case .integer: parquet = .int64(column.name)
        case .number: parquet = .double(column.name)
        case .boolean: parquet = .boolean(column.name)
        case .date: parquet = .date(column.name)
        case .timestamp(let utc): parquet = .timestamp(column.name, isAdjustedToUTC: utc, unit: .micros)
        }
        parquet.usesDictionary = dictionaryEncoding
        return parquet
    }
}
