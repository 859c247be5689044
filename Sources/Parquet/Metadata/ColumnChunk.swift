/// One column's chunk of a row group: Thrift `ColumnChunk`.
///
/// `file_offset` is always 0: parquet.thrift deprecates it and says writers "should set this field to 0 if no
/// ColumnMetaData has been written outside the footer".
struct ColumnChunk: ThriftStruct, Hashable {
    var metaData: ColumnMetaData

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(2, i64: 0)
        writer.field(3, struct: metaData)
    }
}
