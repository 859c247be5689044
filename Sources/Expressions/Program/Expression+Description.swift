extension Expression {
    /// The expression as parsed, with every operation in parentheses: `(((temperature * 9) / 5) + 32)`.
    ///
    /// Parsing the description gives the same program; Double constants keep a fraction (`9.0`) to show their kind.
    package var description: String {
        var stack: [String] = []
        func pop(_ count: Int) -> [String] {
            defer { stack.removeLast(count) }
            return Array(stack.suffix(count))
        }
        for instruction in UnsafeBufferPointer(program.code) {
            switch instruction {
            case .null: stack.append("NULL")
            case .bool(let value): stack.append(value ? "TRUE" : "FALSE")
            case .integer(let value): stack.append("\(value)")
            case .number(let value): stack.append("\(value)")
            case .string(let start, let count):
                let bytes = UnsafeBufferPointer(rebasing: program.strings[Int(start)..<Int(start + count)])
                stack.append("'" + String(decoding: bytes, as: UTF8.self).replacing("'", with: "''") + "'")
            case .load(let id): stack.append(paths[Int(id)].description)
            case .negate: stack.append("(-\(pop(1)[0]))")
            case .not: stack.append("(NOT \(pop(1)[0]))")
            case .arithmetic(let op):
                let operands = pop(2)
                stack.append("(\(operands[0]) \(op.symbol) \(operands[1]))")
            case .compare(let op):
                let operands = pop(2)
                stack.append("(\(operands[0]) \(op.symbol) \(operands[1]))")
            case .logicEnd(let isAnd):
                let operands = pop(2)
                stack.append("(\(operands[0]) \(isAnd ? "AND" : "OR") \(operands[1]))")
            case .isNull(let negated): stack.append("(\(pop(1)[0]) IS \(negated ? "NOT " : "")NULL)")
            case .isMissing(let negated): stack.append("(\(pop(1)[0]) IS \(negated ? "NOT " : "")MISSING)")
            case .inEnd(let count, let negated):
                let operands = pop(Int(count) + 1)
                let list = operands.dropFirst().joined(separator: ", ")
                stack.append("(\(operands[0]) \(negated ? "NOT " : "")IN (\(list)))")
            case .coalesceEnd(let count):
                stack.append("coalesce(\(pop(Int(count)).joined(separator: ", ")))")
            case .call(let function, let count):
                stack.append("\(function.name)(\(pop(Int(count)).joined(separator: ", ")))")
            case .andJump, .orJump, .inStart, .inElement, .coalesceJump:
                break
            }
        }
        return stack.last ?? ""
    }
}
