/// One entry of the file's key/value metadata: Thrift `KeyValue`.
package struct KeyValue: ThriftStruct, Sendable, Hashable {
    package var key: String
    package var value: String?

    package init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, string: key)
        if let value { writer.field(2, string: value) }
    }
}
