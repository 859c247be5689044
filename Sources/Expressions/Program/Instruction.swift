/// One step of a compiled expression, which runs on a stack of ``Value``s in postfix order.
///
/// Jumps name the instruction to continue at. Every construct ends with an instruction that names it (such as
/// ``logicEnd(_:)`` or ``coalesceEnd(_:)``) so that ``Expression/description`` can rebuild the tree.
enum Instruction: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    /// A string constant: bytes `start..<start + count` of the program's string pool.
    case string(start: Int32, count: Int32)
    /// The value of ``Expression/paths``[n].
    case load(Int32)
    case negate
    case not
    case arithmetic(ArithmeticOperator)
    case compare(ComparisonOperator)
    /// `AND` after its left operand: a false left operand becomes the result and skips the right one.
    case andJump(Int32)
    /// `OR` after its left operand: a true left operand becomes the result and skips the right one.
    case orJump(Int32)
    /// The right operand of `AND` (true) or `OR` (false) becomes a boolean.
    case logicEnd(isAnd: Bool)
    case isNull(negated: Bool)
    case isMissing(negated: Bool)
    /// `IN` after its left operand: a missing or null operand makes the result false at once.
    case inStart(Int32)
    /// One element of an `IN` list, compared with the left operand under it; a match decides the result.
    case inElement(Int32, negated: Bool)
    /// The end of an `IN` list with no match.
    case inEnd(count: Int32, negated: Bool)
    /// After each `coalesce` argument but the last: a value that is neither missing nor null is the result.
    case coalesceJump(Int32)
    case coalesceEnd(count: Int32)
    /// A function other than `coalesce`, with its arguments on the stack.
    case call(Function, count: Int32)

    /// The operator or function that an error at this instruction names.
    var operationName: StaticString {
        switch self {
        case .null, .bool, .integer, .number, .string: "literal"
        case .load: "attribute"
        case .negate: "-"
        case .not: "NOT"
        case .arithmetic(let op): op.symbol
        case .compare(let op): op.symbol
        case .andJump, .logicEnd(isAnd: true): "AND"
        case .orJump, .logicEnd: "OR"
        case .isNull: "IS NULL"
        case .isMissing: "IS MISSING"
        case .inStart, .inElement, .inEnd: "IN"
        case .coalesceJump, .coalesceEnd: "coalesce"
        case .call(let function, _): function.name
        }
    }
}
