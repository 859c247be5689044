/// Finds the values of an expression's attribute paths in the current record; the caller provides one per record.
///
/// The evaluator is generic over it, so the call is specialised and inlined. A resolver can keep a table indexed by
/// ``AttributePath/id``, filled once per record for all of ``Expression/paths``.
package protocol AttributeResolver {
    /// The value at `path` in the current record.
    mutating func value(at path: borrowing AttributePath) -> AttributeValue
}
