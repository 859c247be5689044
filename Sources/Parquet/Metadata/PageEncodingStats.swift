/// How many pages of one type used one encoding in a column chunk: Thrift `PageEncodingStats`.
struct PageEncodingStats: ThriftStruct, Hashable {
    var pageType: PageType
    var encoding: Encoding
    var count: Int32

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: pageType.rawValue)
        writer.field(2, i32: encoding.rawValue)
        writer.field(3, i32: count)
    }
}
