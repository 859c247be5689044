/// A value that serialises itself as the fields of a Thrift struct; the writer adds the stop byte.
protocol ThriftStruct {
    /// Writes this struct's fields, in ascending field-id order.
    func write(to writer: inout ThriftCompactWriter)
}
