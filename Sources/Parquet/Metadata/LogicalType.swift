/// A logical type annotation: the Thrift `LogicalType` union, the members this writer supports.
///
/// See https://github.com/apache/parquet-format/blob/master/LogicalTypes.md. Each case knows its matching
/// ``ConvertedType`` ("must also write the corresponding ConvertedType") and the physical types it may annotate.
package enum LogicalType: Sendable, Hashable {
    /// UTF-8 text on BYTE_ARRAY.
    case string
    /// Days since 1970-01-01 on INT32.
    case date
    /// Instants since the Unix epoch on INT64; `isAdjustedToUTC` false means local date-times.
    case timestamp(isAdjustedToUTC: Bool, unit: TimeUnit)
    /// Microseconds since midnight on INT64.
    case time(isAdjustedToUTC: Bool)
    /// An integer of 8, 16 or 32 bits on INT32, or 64 bits on INT64.
    case integer(bitWidth: Int8, isSigned: Bool)
    /// The outer group of a 3-level list; the writer sets it on LIST columns, never on a leaf.
    case list

    /// The unit of a timestamp: Thrift `TimeUnit`, without NANOS.
    package enum TimeUnit: Sendable, Hashable {
        case millis
        case micros
    }

    /// The ConvertedType older readers understand, per LogicalTypes.md's compatibility table.
    var convertedType: ConvertedType? {
        switch self {
        case .string: .utf8
        case .date: .date
        case .timestamp(_, .millis): .timestampMillis
        case .timestamp(_, .micros): .timestampMicros
        case .time: .timeMicros
        case .integer(let bits, true):
            switch bits {
            case 8: .int8
            case 16: .int16
            case 32: .int32
            default: .int64
            }
        case .integer(_, false): nil
        case .list: .list
        }
    }

    /// Whether this annotation is allowed on `physicalType`.
    func annotates(_ physicalType: PhysicalType) -> Bool {
        switch self {
        case .string: physicalType == .byteArray
        case .date: physicalType == .int32
        case .timestamp, .time: physicalType == .int64
        case .integer(let bits, _): bits == 64 ? physicalType == .int64 : physicalType == .int32
        case .list: false
        }
    }
}

extension LogicalType: ThriftStruct {
    func write(to writer: inout ThriftCompactWriter) {
        switch self {
        case .string:
            writer.emptyStructField(1)
        case .date:
            writer.emptyStructField(6)
        case .time(let utc):
            writer.field(7, struct: TimeTypeStruct(isAdjustedToUTC: utc, unit: .micros))
        case .timestamp(let utc, let unit):
            writer.field(8, struct: TimeTypeStruct(isAdjustedToUTC: utc, unit: unit))
        case .integer(let bits, let signed):
            writer.field(10, struct: IntTypeStruct(bitWidth: bits, isSigned: signed))
        case .list:
            writer.emptyStructField(3)
        }
    }
}

/// Thrift `TimestampType` and `TimeType`, which share their layout.
private struct TimeTypeStruct: ThriftStruct {
    var isAdjustedToUTC: Bool
    var unit: LogicalType.TimeUnit

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, bool: isAdjustedToUTC)
        writer.field(2, struct: unit)
    }
}

/// Thrift `IntType`.
private struct IntTypeStruct: ThriftStruct {
    var bitWidth: Int8
    var isSigned: Bool

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, i8: bitWidth)
        writer.field(2, bool: isSigned)
    }
}

extension LogicalType.TimeUnit: ThriftStruct {
    func write(to writer: inout ThriftCompactWriter) {
        switch self {
        case .millis: writer.emptyStructField(1)
        case .micros: writer.emptyStructField(2)
        }
    }
}
