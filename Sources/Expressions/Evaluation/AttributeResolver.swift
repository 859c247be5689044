/// Finds the values of an expression's attribute paths in the current record; the caller provides one per record.
///
/// The evaluator is generic over it, so the call is specialised and inlined. A resolver can keep a table indexed by
/// ``AttributePath/id``, filled once per record for all of ``Expression/paths``.
package protocol AttributeResolver {
    /// The value at the path `path` points to (in the expression's program, so that asking copies nothing) in the
    /// current record.
    mutating func value(at path: UnsafePointer<AttributePath>) -> AttributeValue
}
