/// The numeric rules: integers stay exact until they overflow, `/` always divides as Doubles, and no result is
/// infinite or NaN. See specs/expressions.md, "Numbers".
enum Arithmetic {
    typealias Reason = EvaluationError.Reason

    /// A number operand: an exact integer or a finite Double.
    enum Numeric {
        case integer(Int64)
        case number(Double)

        @inline(__always)
        var double: Double {
            switch self {
            case .integer(let value): Double(value)
            case .number(let value): value
            }
        }
    }

    /// `value` as a number: numbers as they are, strings whose whole text is RFC 8259 number text converted.
    @inline(__always)
    static func numeric(_ value: Value) throws(Reason) -> Numeric {
        switch value {
        case .integer(let integer): return .integer(integer)
        case .number(let number): return .number(number)
        case .string(let text):
            switch NumberParser.parse(text) {
            case .integer(let integer): return .integer(integer)
            case .number(let number): return .number(number)
            case .invalid: throw .notNumericString
            case .outOfRange: throw .numberOutOfRange
            }
        default: throw .needsNumber(value.kind)
        }
    }

    /// A Double result, which must be finite.
    @inline(__always)
    static func finite(_ value: Double) throws(Reason) -> Value {
        guard value.isFinite else { throw .notFinite }
        return .number(value)
    }

    /// A whole Double as an integer when it fits in Int64.
    @inline(__always)
    static func whole(_ value: Double) -> Value {
        NumberWriter.fitsInt64(value) ? .integer(Int64(value)) : .number(value)
    }

    /// `a op b`: missing if either is missing, else null if either is null.
    @inline(__always)
    static func apply(_ op: ArithmeticOperator, _ a: Value, _ b: Value) throws(Reason) -> Value {
        if case .integer(let x) = a, case .integer(let y) = b { return try integers(op, x, y) }
        if case .number(let x) = a, case .number(let y) = b { return try doubles(op, x, y) }
        if case .missing = a { return .missing }
        if case .missing = b { return .missing }
        if case .null = a { return .null }
        if case .null = b { return .null }
        switch (try numeric(a), try numeric(b)) {
        case (.integer(let x), .integer(let y)): return try integers(op, x, y)
        case (let x, let y): return try doubles(op, x.double, y.double)
        }
    }

    @inline(__always)
    static func integers(_ op: ArithmeticOperator, _ x: Int64, _ y: Int64) throws(Reason) -> Value {
        switch op {
        case .add:
            let (sum, overflow) = x.addingReportingOverflow(y)
            return overflow ? .number(Double(x) + Double(y)) : .integer(sum)
        case .subtract:
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            return overflow ? .number(Double(x) - Double(y)) : .integer(difference)
        case .multiply:
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            return overflow ? .number(Double(x) * Double(y)) : .integer(product)
        case .divide:
            return try doubles(.divide, Double(x), Double(y))
        case .remainder:
            guard y != 0 else { throw .divisionByZero }
            // Int64.min % -1 overflows in the CPU; its remainder is 0.
            let (remainder, overflow) = x.remainderReportingOverflow(dividingBy: y)
            return .integer(overflow ? 0 : remainder)
        }
    }

    @inline(__always)
    static func doubles(_ op: ArithmeticOperator, _ x: Double, _ y: Double) throws(Reason) -> Value {
        switch op {
        case .add: return try finite(x + y)
        case .subtract: return try finite(x - y)
        case .multiply: return try finite(x * y)
        case .divide:
            guard y != 0 else { throw .divisionByZero }
            return try finite(x / y)
        case .remainder:
            guard y != 0 else { throw .divisionByZero }
            return .number(x.truncatingRemainder(dividingBy: y))
        }
    }

    /// Unary minus; `-Int64.min` becomes a Double.
    @inline(__always)
    static func negate(_ value: Value) throws(Reason) -> Value {
        switch value {
        case .integer(let x): return x == .min ? .number(-Double(x)) : .integer(-x)
        case .number(let x): return .number(-x)
        case .missing, .null: return value
        default:
            switch try numeric(value) {
            case .integer(let x): return x == .min ? .number(-Double(x)) : .integer(-x)
            case .number(let x): return .number(-x)
            }
        }
    }
}
