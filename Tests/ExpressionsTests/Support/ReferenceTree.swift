/// An expression as the differential test builds it: a plain tree, printed with the fewest parentheses that the
/// language's precedence table (specs/expressions.md) needs, so that parsing the text tests precedence too.
indirect enum ReferenceTree {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case path([PathStep])
    case negate(ReferenceTree)
    case not(ReferenceTree)
    case arithmetic(String, ReferenceTree, ReferenceTree)
    case compare(String, ReferenceTree, ReferenceTree)
    case and(ReferenceTree, ReferenceTree)
    case or(ReferenceTree, ReferenceTree)
    case isNull(ReferenceTree, negated: Bool)
    case isMissing(ReferenceTree, negated: Bool)
    case inList(ReferenceTree, [ReferenceTree], negated: Bool)
    case call(String, [ReferenceTree])

    /// How tightly the printed form binds: 1 OR, 2 AND, 3 NOT, 4 comparisons, 5 + -, 6 * / %, 7 unary -, 8 atoms.
    private var level: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .not: 3
        case .compare, .isNull, .isMissing, .inList: 4
        case .arithmetic(let op, _, _): op == "+" || op == "-" ? 5 : 6
        case .negate: 7
        default: 8
        }
    }

    private func text(atLeast minimum: Int) -> String {
        level >= minimum ? text : "(" + text + ")"
    }

    var text: String {
        switch self {
        case .null: return "NULL"
        case .bool(let value): return value ? "true" : "FALSE"
        case .integer(let value): return String(value)
        case .number(let value): return value.description
        case .string(let value): return "'" + value.replacing("'", with: "''") + "'"
        case .path(let steps):
            var text = ""
            for (k, step) in steps.enumerated() {
                switch step {
                case .member(let name):
                    let plain =
                        name.first.map { $0.isLetter || $0 == "_" } == true
                        && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                    text += (k > 0 ? "." : "") + (plain ? name : "\"" + name.replacing("\"", with: "\"\"") + "\"")
                case .index(let index): text += "[\(index)]"
                }
            }
            return text
        case .negate(let operand): return "-" + operand.text(atLeast: 7)
        case .not(let operand): return "NOT " + operand.text(atLeast: 3)
        case .arithmetic(let op, let left, let right):
            let level = self.level
            return left.text(atLeast: level) + " \(op) " + right.text(atLeast: level + 1)
        case .compare(let op, let left, let right): return left.text(atLeast: 5) + " \(op) " + right.text(atLeast: 5)
        case .and(let left, let right): return left.text(atLeast: 2) + " and " + right.text(atLeast: 3)
        case .or(let left, let right): return left.text(atLeast: 1) + " OR " + right.text(atLeast: 2)
        case .isNull(let operand, let negated):
            return operand.text(atLeast: 5) + (negated ? " IS NOT NULL" : " is null")
        case .isMissing(let operand, let negated):
            return operand.text(atLeast: 5) + (negated ? " IS NOT MISSING" : " IS MISSING")
        case .inList(let operand, let list, let negated):
            return operand.text(atLeast: 5) + (negated ? " NOT IN (" : " IN (")
                + list.map(\.text).joined(separator: ", ") + ")"
        case .call(let name, let arguments):
            return name + "(" + arguments.map(\.text).joined(separator: ", ") + ")"
        }
    }
}
