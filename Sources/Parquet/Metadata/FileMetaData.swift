/// The footer: Thrift `FileMetaData`.
///
/// Row groups arrive already encoded (``RowGroup`` bytes, one per flushed group), so the writer keeps ~100–200
/// bytes per column per group instead of the structs.
struct FileMetaData: ThriftStruct {
    var schema: [SchemaElement]
    var numRows: Int64
    /// Each element is one ``RowGroup`` encoded as a top-level struct.
    var encodedRowGroups: [[UInt8]]
    var keyValueMetadata: [KeyValue]
    var createdBy: String
    /// One per leaf column.
    var columnOrders: [ColumnOrder]

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: 1)
        writer.field(2, structs: schema)
        writer.field(3, i64: numRows)
        writer.writeFieldHeader(.list, id: 4)
        writer.writeListHeader(.struct, count: encodedRowGroups.count)
        for group in encodedRowGroups { writer.bytes.append(contentsOf: group) }
        if !keyValueMetadata.isEmpty { writer.field(5, structs: keyValueMetadata) }
        writer.field(6, string: createdBy)
        writer.field(7, structs: columnOrders)
    }
}
