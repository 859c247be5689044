/// The header of a v1 data page: Thrift `DataPageHeader`, without page statistics.
struct DataPageHeader: ThriftStruct, Hashable {
    /// Values including nulls.
    var numValues: Int32
    var encoding: Encoding
    var definitionLevelEncoding: Encoding = .rle
    var repetitionLevelEncoding: Encoding = .rle

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: numValues)
        writer.field(2, i32: encoding.rawValue)
        writer.field(3, i32: definitionLevelEncoding.rawValue)
        writer.field(4, i32: repetitionLevelEncoding.rawValue)
    }
}
