/// Why an expression has no value for a record (a type or domain error), so that the caller can reject the record.
///
/// It holds no references and allocates nothing when thrown; ``description`` builds the sentence when it is needed.
package struct EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    package enum Reason: Error, Equatable, Sendable {
        /// An operator or function that computes needs numbers (or strings holding number text).
        case needsNumber(Value.Kind)
        /// A string stood where a number was needed, and its text is not a number.
        case notNumericString
        case needsString(Value.Kind)
        case needsBoolean(Value.Kind)
        case notComparable(Value.Kind, Value.Kind)
        case divisionByZero
        case negativeSquareRoot
        case nonPositiveLogarithm
        /// `acos` or `asin` of a number outside -1...1.
        case outsideUnitRange
        /// The result would be infinite or undefined, as `exp(1000)` or `power(-8, 1/3)`.
        case notFinite
        /// An attribute or string holds number text beyond Double's range, such as `1e400`.
        case numberOutOfRange
        /// The resolver gave number text that is not RFC 8259 number text.
        case invalidNumber
        /// `trunc`'s second argument is not a whole number.
        case notWholePlaces
        /// A filter's result is not a boolean (missing and null count as false).
        case notBoolean(Value.Kind)
    }

    package var reason: Reason
    /// The 1-based column of the operator, function or attribute in the expression.
    package var column: Int
    /// The operator or function, as written in specs/expressions.md: `*`, `sqrt`, `IN`, `attribute`, `filter`.
    package var operation: StaticString

    package init(reason: Reason, column: Int, operation: StaticString) {
        self.reason = reason
        self.column = column
        self.operation = operation
    }

    /// A filter's result that is not a boolean.
    @usableFromInline
    init(notBoolean kind: Value.Kind) {
        self.init(reason: .notBoolean(kind), column: 1, operation: "filter")
    }

    package static func == (a: EvaluationError, b: EvaluationError) -> Bool {
        a.reason == b.reason && a.column == b.column && a.operation.description == b.operation.description
    }

    /// A short phrase such as "'sqrt' of a negative number at column 7".
    package var description: String {
        let op = "'\(operation)'"
        let what =
            switch reason {
            case .needsNumber(let kind): "\(op) needs numbers, not \(kind)"
            case .notNumericString: "\(op) needs a number, and the string does not hold one"
            case .needsString(let kind): "\(op) needs a string, not \(kind)"
            case .needsBoolean(let kind): "\(op) needs booleans, not \(kind)"
            case .notComparable(let left, let right): "\(op) cannot compare \(left) with \(right)"
            case .divisionByZero: "\(op) divides by zero"
            case .negativeSquareRoot: "\(op) of a negative number"
            case .nonPositiveLogarithm: "\(op) of a number that is not positive"
            case .outsideUnitRange: "\(op) of a number outside -1 to 1"
            case .notFinite: "\(op) has no finite result"
            case .numberOutOfRange: "\(op) holds a number beyond the range of a double"
            case .invalidNumber: "\(op) does not hold valid number text"
            case .notWholePlaces: "\(op) needs a whole number of decimal places"
            case .notBoolean(let kind): "the filter gave \(kind), not a boolean"
            }
        return "\(what) at column \(column)"
    }
}
