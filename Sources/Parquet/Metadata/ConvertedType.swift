/// The deprecated type annotation still written beside ``LogicalType`` for older readers: Thrift `ConvertedType`.
package enum ConvertedType: Int32, Sendable, Hashable {
    case utf8 = 0
    case list = 3
    case date = 6
    case timeMillis = 7
    case timeMicros = 8
    case timestampMillis = 9
    case timestampMicros = 10
    case int8 = 15
    case int16 = 16
    case int32 = 17
    case int64 = 18
}
