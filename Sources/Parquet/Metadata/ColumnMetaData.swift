/// Where a column chunk's pages are and how they are encoded: Thrift `ColumnMetaData`.
///
/// Sizes include the page headers (parquet.thrift: "including the headers").
struct ColumnMetaData: ThriftStruct, Hashable {
    var type: PhysicalType
    var encodings: [Encoding]
    var pathInSchema: [String]
    var codec: CompressionCodec
    /// Values including nulls.
    var numValues: Int64
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    /// The absolute offset of the first data page's header.
    var dataPageOffset: Int64
    /// The absolute offset of the dictionary page's header, when there is one.
    var dictionaryPageOffset: Int64?
    var statistics: Statistics?
    var encodingStats: [PageEncodingStats]

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: type.rawValue)
        writer.field(2, i32s: encodings.map(\.rawValue))
        writer.field(3, strings: pathInSchema)
        writer.field(4, i32: codec.rawValue)
        writer.field(5, i64: numValues)
        writer.field(6, i64: totalUncompressedSize)
        writer.field(7, i64: totalCompressedSize)
        writer.field(9, i64: dataPageOffset)
        if let dictionaryPageOffset { writer.field(11, i64: dictionaryPageOffset) }
        if let statistics { writer.field(12, struct: statistics) }
        writer.field(13, structs: encodingStats)
    }
}
