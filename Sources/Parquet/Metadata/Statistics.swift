/// Column-chunk statistics: Thrift `Statistics`, without the deprecated `min`/`max` (fields 1 and 2).
///
/// `minValue`/`maxValue` are PLAIN-encoded without a length prefix and ordered by the column's
/// `TypeDefinedOrder` (parquet.thrift, `ColumnOrder`).
struct Statistics: ThriftStruct, Hashable {
    var nullCount: Int64
    var maxValue: [UInt8]?
    var minValue: [UInt8]?
    var isMaxValueExact: Bool?
    var isMinValueExact: Bool?
    /// Written for DOUBLE columns, even when zero.
    var nanCount: Int64?

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(3, i64: nullCount)
        if let maxValue { writer.field(5, binary: maxValue) }
        if let minValue { writer.field(6, binary: minValue) }
        if let isMaxValueExact { writer.field(7, bool: isMaxValueExact) }
        if let isMinValueExact { writer.field(8, bool: isMinValueExact) }
        if let nanCount { writer.field(9, i64: nanCount) }
    }
}
