/// The header of a dictionary page: Thrift `DictionaryPageHeader`.
struct DictionaryPageHeader: ThriftStruct, Hashable {
    var numValues: Int32
    var encoding: Encoding = .plain

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: numValues)
        writer.field(2, i32: encoding.rawValue)
    }
}
