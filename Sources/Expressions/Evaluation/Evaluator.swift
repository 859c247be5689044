import JSONText

/// Runs compiled expressions against records, reusing its stack, attribute table and string arena for every record.
///
/// After the first records, an evaluation allocates nothing: the stack and table are sized by the largest program
/// seen, and the arena by the largest strings one record made (see ``Arena``). A ``Value`` it returns is valid
/// until the next evaluation. Use one evaluator per thread.
package struct Evaluator: ~Copyable {
    typealias Reason = EvaluationError.Reason

    private var stack: UnsafeMutablePointer<Value>
    private var stackCapacity: Int
    private var attributes: UnsafeMutablePointer<AttributeValue>
    private var attributeCapacity: Int
    var arena = Arena()

    package init() {
        stackCapacity = 16
        stack = .allocate(capacity: stackCapacity)
        attributeCapacity = 16
        attributes = .allocate(capacity: attributeCapacity)
    }

    deinit {
        stack.deallocate()
        attributes.deallocate()
    }

    /// The value of `expression` for the record that `resolver` reads; a type or domain error throws.
    @inlinable
    package mutating func evaluate<Resolver: AttributeResolver>(
        _ expression: borrowing Expression, resolver: inout Resolver
    ) throws(EvaluationError) -> Value {
        try evaluate(expression.view, resolver: &resolver)
    }

    /// The value of the expression whose program is `program`, which must be alive, for the record that `resolver`
    /// reads; a type or domain error throws.
    ///
    /// It asks the resolver for every path first (inlined into the caller, so the calls are specialised), then
    /// runs the program, which skips the operands that `AND`, `OR`, `IN` and `coalesce` do not need.
    @inlinable
    package mutating func evaluate<Resolver: AttributeResolver>(
        _ program: ProgramView, resolver: inout Resolver
    ) throws(EvaluationError) -> Value {
        let count = program.pathCount
        let table = attributeTable(count: count)
        for k in 0..<count {
            table[k] = resolver.value(at: program.paths + k)
        }
        return try evaluateResolved(program)
    }

    /// Room for `count` attribute values, valid until the next call.
    @usableFromInline
    mutating func attributeTable(count: Int) -> UnsafeMutablePointer<AttributeValue> {
        if count > attributeCapacity {
            attributes.deallocate()
            attributeCapacity = count
            attributes = .allocate(capacity: count)
        }
        return attributes
    }

    /// Runs `view` on the attribute values already in the table.
    @usableFromInline
    mutating func evaluateResolved(_ view: ProgramView) throws(EvaluationError) -> Value {
        if view.maximumStackDepth > stackCapacity { growStack(to: view.maximumStackDepth) }
        arena.reset()
        var pc = 0
        do {
            return try run(view, pc: &pc)
        } catch {
            throw EvaluationError(reason: error, column: Int(view.columns[pc]), operation: view.code[pc].operationName)
        }
    }

    /// Whether a filter keeps the record: true keeps it; false, missing and null drop it; other values throw.
    @inlinable
    package mutating func test<Resolver: AttributeResolver>(
        _ expression: borrowing Expression, resolver: inout Resolver
    ) throws(EvaluationError) -> Bool {
        try test(expression.view, resolver: &resolver)
    }

    /// Whether a filter keeps the record, for the expression whose program is `program`, which must be alive.
    @inlinable
    package mutating func test<Resolver: AttributeResolver>(
        _ program: ProgramView, resolver: inout Resolver
    ) throws(EvaluationError) -> Bool {
        switch try evaluate(program, resolver: &resolver) {
        case .bool(let keep): return keep
        case .missing, .null: return false
        case let other: throw EvaluationError(notBoolean: other.kind)
        }
    }

    private mutating func growStack(to count: Int) {
        stack.deallocate()
        stackCapacity = count
        stack = .allocate(capacity: count)
    }

    @inline(__always)
    private mutating func run(_ program: ProgramView, pc: inout Int) throws(Reason) -> Value {
        let code = program.code
        let end = program.count
        let strings = program.strings
        let attributes = self.attributes
        let stack = self.stack
        var top = -1
        while pc < end {
            switch code[pc] {
            case .null:
                top += 1
                stack[top] = .null
            case .bool(let value):
                top += 1
                stack[top] = .bool(value)
            case .integer(let value):
                top += 1
                stack[top] = .integer(value)
            case .number(let value):
                top += 1
                stack[top] = .number(value)
            case .string(let start, let count):
                top += 1
                stack[top] = .string(UnsafeBufferPointer(start: strings + Int(start), count: Int(count)))
            case .load(let id):
                top += 1
                stack[top] = try load(attributes[Int(id)])
            case .negate:
                stack[top] = try Arithmetic.negate(stack[top])
            case .not:
                stack[top] = .bool(!(try Self.truth(stack[top])))
            case .arithmetic(let op):
                let right = stack[top]
                top -= 1
                stack[top] = try Arithmetic.apply(op, stack[top], right)
            case .compare(let op):
                let right = stack[top]
                top -= 1
                stack[top] = .bool(try Comparison.holds(op, stack[top], right))
            case .andJump(let target):
                guard try Self.truth(stack[top]) else {
                    stack[top] = .bool(false)
                    pc = Int(target)
                    continue
                }
                top -= 1
            case .orJump(let target):
                if try Self.truth(stack[top]) {
                    stack[top] = .bool(true)
                    pc = Int(target)
                    continue
                }
                top -= 1
            case .logicEnd:
                stack[top] = .bool(try Self.truth(stack[top]))
            case .isNull(let negated):
                switch stack[top] {
                case .missing, .null: stack[top] = .bool(!negated)
                default: stack[top] = .bool(negated)
                }
            case .isMissing(let negated):
                if case .missing = stack[top] {
                    stack[top] = .bool(!negated)
                } else {
                    stack[top] = .bool(negated)
                }
            case .inStart(let target):
                switch stack[top] {
                case .missing, .null:
                    stack[top] = .bool(false)
                    pc = Int(target)
                    continue
                default: break
                }
            case .inElement(let target, let negated):
                let element = stack[top]
                top -= 1
                switch element {
                case .missing, .null:
                    // `x != null` is false, so a NOT IN list holding null is false.
                    if negated {
                        stack[top] = .bool(false)
                        pc = Int(target)
                        continue
                    }
                default:
                    if try Comparison.holds(.equal, stack[top], element) {
                        stack[top] = .bool(!negated)
                        pc = Int(target)
                        continue
                    }
                }
            case .inEnd(_, let negated):
                stack[top] = .bool(negated)
            case .coalesceJump(let target):
                switch stack[top] {
                case .missing, .null: top -= 1
                default:
                    pc = Int(target)
                    continue
                }
            case .coalesceEnd:
                break
            case .call(let function, let count):
                let first = top - Int(count) + 1
                let result: Value
                switch function {
                case .lower: result = try caseMapped(stack[first], upper: false)
                case .upper: result = try caseMapped(stack[first], upper: true)
                case .concat: result = try concatenated(stack + first, count: Int(count))
                default: result = try Arithmetic.call(function, stack + first, count: Int(count))
                }
                top = first
                stack[top] = result
            }
            pc += 1
        }
        return stack[0]
    }

    /// The truth of a logical operand: missing and null count as false.
    @inline(__always)
    private static func truth(_ value: Value) throws(Reason) -> Bool {
        switch value {
        case .bool(let truth): return truth
        case .missing, .null: return false
        default: throw .needsBoolean(value.kind)
        }
    }

    @inline(__always)
    private mutating func load(_ attribute: AttributeValue) throws(Reason) -> Value {
        switch attribute {
        case .missing: return .missing
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let text):
            switch NumberParser.parse(text) {
            case .integer(let value): return .integer(value)
            case .number(let value): return .number(value)
            case .invalid: throw .invalidNumber
            case .outOfRange: throw .numberOutOfRange
            }
        case .string(let body, let escaped):
            guard escaped, let source = body.baseAddress else { return .string(body) }
            let out = arena.allocate(body.count)
            let count = JSONEscapes.unescape(source, count: body.count, to: out)
            return .string(UnsafeBufferPointer(start: out, count: count))
        case .json(let text): return .json(text)
        }
    }
}
