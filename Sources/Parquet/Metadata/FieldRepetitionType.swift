/// Whether a field must hold a value: Thrift `FieldRepetitionType`.
package enum FieldRepetitionType: Int32, Sendable, Hashable {
    case required = 0
    case optional = 1
    case repeated = 2
}
