/// One node of the flattened schema tree: Thrift `SchemaElement`.
struct SchemaElement: ThriftStruct, Hashable {
    var type: PhysicalType?
    var repetitionType: FieldRepetitionType?
    var name: String
    var numChildren: Int32?
    var convertedType: ConvertedType?
    var logicalType: LogicalType?

    func write(to writer: inout ThriftCompactWriter) {
        if let type { writer.field(1, i32: type.rawValue) }
        if let repetitionType { writer.field(3, i32: repetitionType.rawValue) }
        writer.field(4, string: name)
        if let numChildren { writer.field(5, i32: numChildren) }
        if let convertedType { writer.field(6, i32: convertedType.rawValue) }
        if let logicalType { writer.field(10, struct: logicalType) }
    }
}
