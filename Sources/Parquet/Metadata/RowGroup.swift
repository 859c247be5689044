/// One row group's column chunks and totals: Thrift `RowGroup`.
struct RowGroup: ThriftStruct, Hashable {
    var columns: [ColumnChunk]
    /// The sum of the chunks' uncompressed sizes.
    var totalByteSize: Int64
    var numRows: Int64
    /// The absolute offset of the group's first page.
    var fileOffset: Int64
    var totalCompressedSize: Int64
    var ordinal: Int16

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, structs: columns)
        writer.field(2, i64: totalByteSize)
        writer.field(3, i64: numRows)
        writer.field(5, i64: fileOffset)
        writer.field(6, i64: totalCompressedSize)
        writer.field(7, i16: ordinal)
    }
}
