/// The order that a leaf column's `min_value`/`max_value` follow: the Thrift `ColumnOrder` union.
enum ColumnOrder: ThriftStruct, Hashable {
    /// The order defined by the logical type, else the physical type: signed integers, unsigned bytes for strings.
    case typeDefined

    func write(to writer: inout ThriftCompactWriter) {
        switch self {
        case .typeDefined: writer.emptyStructField(1)
        }
    }
}
