/// The value of an expression or of one of its operands.
///
/// Strings and other JSON are borrowed bytes: they point into the record (through the resolver), into the
/// expression's constants, or into the ``Evaluator``'s arena, and stay valid until the evaluator's next run while
/// the record and the expression are alive. The enum holds no references, so copying it costs nothing.
package enum Value {
    /// The attribute is absent from the record (or an operand of an arithmetic operator or function was).
    case missing
    case null
    case bool(Bool)
    /// An exact integer: JSON number text without fraction or exponent, and results that stay whole.
    case integer(Int64)
    /// A finite Double.
    case number(Double)
    /// Valid UTF-8 text, without quotes or escapes.
    case string(UnsafeBufferPointer<UInt8>)
    /// An object or array, as the JSON text of the record.
    case json(UnsafeBufferPointer<UInt8>)

    /// What kind of value this is.
    package var kind: Kind {
        switch self {
        case .missing: .missing
        case .null: .null
        case .bool: .bool
        case .integer: .integer
        case .number: .number
        case .string: .string
        case .json: .json
        }
    }

    /// The kinds of ``Value``, named in error messages.
    package enum Kind: UInt8, Sendable, CustomStringConvertible {
        case missing, null, bool, integer, number, string, json

        package var description: String {
            switch self {
            case .missing: "a missing attribute"
            case .null: "null"
            case .bool: "a boolean"
            case .integer, .number: "a number"
            case .string: "a string"
            case .json: "an object or array"
            }
        }
    }
}
