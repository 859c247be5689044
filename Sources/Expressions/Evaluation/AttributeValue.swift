/// What a resolver finds at a path of the current record, as the record's own bytes.
///
/// The bytes must stay valid and unchanged until the evaluation that asked for them has finished and its result
/// has been used.
package enum AttributeValue {
    /// The record has nothing at the path.
    case missing
    case null
    case bool(Bool)
    /// RFC 8259 number text, such as `-12.5e3`.
    case number(UnsafeBufferPointer<UInt8>)
    /// A string's body between its quotes, valid UTF-8. With `escaped`, it holds JSON backslash escapes, which the
    /// evaluator decodes (into its arena) only when it needs the text.
    case string(UnsafeBufferPointer<UInt8>, escaped: Bool)
    /// An object or array, as JSON text.
    case json(UnsafeBufferPointer<UInt8>)
}
