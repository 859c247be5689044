/// Serialises Thrift structs with the compact protocol into a growable byte buffer.
///
/// Implements the subset of https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md that
/// Parquet's footer and page headers use: field headers (short delta form and long form), zigzag varints, binary,
/// lists and nested structs, and bool fields carried in the header's type nibble. Memory: the encoded bytes plus a
/// small stack of field ids, one per open nested struct.
struct ThriftCompactWriter {
    /// Compact-protocol type codes ("Struct encoding", field types).
    enum FieldType: UInt8 {
        case boolTrue = 1
        case boolFalse = 2
        case i8 = 3
        case i16 = 4
        case i32 = 5
        case i64 = 6
        case double = 7
        case binary = 8
        case list = 9
        case set = 10
        case map = 11
        case `struct` = 12
    }

    /// The encoded bytes so far.
    var bytes: [UInt8]
    private var lastFieldID: Int16 = 0
    private var enclosingFieldIDs: [Int16] = []

    init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    /// Empties the buffer (keeping its capacity) for the next top-level struct.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        lastFieldID = 0
        enclosingFieldIDs.removeAll(keepingCapacity: true)
    }

    /// Writes `value` as a top-level struct: its fields, then the stop byte.
    mutating func write(_ value: some ThriftStruct) {
        enclosingFieldIDs.append(lastFieldID)
        lastFieldID = 0
        value.write(to: &self)
        bytes.append(0)
        lastFieldID = enclosingFieldIDs.removeLast()
    }

    // MARK: Fields

    /// Field header: `(delta << 4) | type` when the id grows by 1–15, else the type byte and a zigzag i16 id
    /// ("Field header", short and long form).
    mutating func writeFieldHeader(_ type: FieldType, id: Int16) {
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(zigzag(Int64(id)))
        }
        lastFieldID = id
    }

    mutating func field(_ id: Int16, bool value: Bool) {
        writeFieldHeader(value ? .boolTrue : .boolFalse, id: id)
    }

    mutating func field(_ id: Int16, i8 value: Int8) {
        writeFieldHeader(.i8, id: id)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func field(_ id: Int16, i16 value: Int16) {
        writeFieldHeader(.i16, id: id)
        writeVarint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, i32 value: Int32) {
        writeFieldHeader(.i32, id: id)
        writeVarint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, i64 value: Int64) {
        writeFieldHeader(.i64, id: id)
        writeVarint(zigzag(value))
    }

    mutating func field(_ id: Int16, binary value: some Collection<UInt8>) {
        writeFieldHeader(.binary, id: id)
        writeBinary(value)
    }

    mutating func field(_ id: Int16, string value: String) {
        field(id, binary: value.utf8)
    }

    mutating func field(_ id: Int16, struct value: some ThriftStruct) {
        writeFieldHeader(.struct, id: id)
        write(value)
    }

    /// A field whose value is an empty struct, such as the members of the `LogicalType` union.
    mutating func emptyStructField(_ id: Int16) {
        writeFieldHeader(.struct, id: id)
        bytes.append(0)
    }

    mutating func field(_ id: Int16, structs values: [some ThriftStruct]) {
        writeFieldHeader(.list, id: id)
        writeListHeader(.struct, count: values.count)
        for value in values { write(value) }
    }

    mutating func field(_ id: Int16, i32s values: [Int32]) {
        writeFieldHeader(.list, id: id)
        writeListHeader(.i32, count: values.count)
        for value in values { writeVarint(zigzag(Int64(value))) }
    }

    mutating func field(_ id: Int16, strings values: [String]) {
        writeFieldHeader(.list, id: id)
        writeListHeader(.binary, count: values.count)
        for value in values { writeBinary(value.utf8) }
    }

    // MARK: Values

    /// List header: `(count << 4) | type` for fewer than 15 elements, else `0xF0 | type` and a varint count
    /// ("List and Set").
    mutating func writeListHeader(_ elementType: FieldType, count: Int) {
        precondition(count >= 0 && count <= Int(Int32.max), "Thrift list of \(count) elements")
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    /// Binary: a varint byte count, then the bytes.
    mutating func writeBinary(_ value: some Collection<UInt8>) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Unsigned LEB128: seven bits a byte, least significant group first, high bit set on all but the last.
    @inline(__always)
    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// ZigZag: maps signed to unsigned so that small magnitudes stay short (`0, -1, 1, -2` → `0, 1, 2, 3`).
    @inline(__always)
    func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
