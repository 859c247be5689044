/// A column's physical storage type: Thrift `Type` in parquet.thrift, the subset this writer encodes.
package enum PhysicalType: Int32, Sendable, Hashable {
    case boolean = 0
    case int32 = 1
    case int64 = 2
    case double = 5
    case byteArray = 6
}
