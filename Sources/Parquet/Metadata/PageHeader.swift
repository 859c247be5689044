/// The header in front of every page: Thrift `PageHeader`.
///
/// Sizes exclude the header itself; `compressedPageSize` is the body as stored, after the page compressor.
struct PageHeader: ThriftStruct, Hashable {
    var type: PageType
    var uncompressedPageSize: Int32
    var compressedPageSize: Int32
    var dataPageHeader: DataPageHeader?
    var dictionaryPageHeader: DictionaryPageHeader?

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: type.rawValue)
        writer.field(2, i32: uncompressedPageSize)
        writer.field(3, i32: compressedPageSize)
        if let dataPageHeader { writer.field(5, struct: dataPageHeader) }
        if let dictionaryPageHeader { writer.field(7, struct: dictionaryPageHeader) }
    }
}
