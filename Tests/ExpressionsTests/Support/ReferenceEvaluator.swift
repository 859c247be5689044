import Expressions

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A naive tree-walking interpreter of the language over Swift values, written from specs/expressions.md without
/// the library's code, as the oracle of the differential test.
struct ReferenceEvaluator {
    enum V {
        case missing, null
        case bool(Bool)
        case int(Int64)
        case double(Double)
        case string(String)
        case json(String)

        var kind: Value.Kind {
            switch self {
            case .missing: .missing
            case .null: .null
            case .bool: .bool
            case .int: .integer
            case .double: .number
            case .string: .string
            case .json: .json
            }
        }
    }

    struct Failure: Error {
        var reason: EvaluationError.Reason
    }

    typealias Reason = EvaluationError.Reason

    let record: JSON

    nonisolated(unsafe) private static let numberGrammar = try! Regex(
        #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#)

    /// A number from RFC 8259 text, or nil when the text is not number text.
    static func number(_ text: String) throws(Failure) -> V? {
        guard text.wholeMatch(of: numberGrammar) != nil else { return nil }
        if !text.contains("."), !text.lowercased().contains("e"), let integer = Int64(text) { return .int(integer) }
        guard let double = Double(text), double.isFinite else { throw Failure(reason: .numberOutOfRange) }
        return .double(double)
    }

    func evaluate(_ tree: ReferenceTree) throws(Failure) -> V {
        switch tree {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .integer(let value): return .int(value)
        case .number(let value): return .double(value)
        case .string(let value): return .string(value)
        case .path(let steps):
            guard let found = record.value(at: steps[...]) else { return .missing }
            switch found {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .number(let text):
                guard let number = try Self.number(text) else { throw Failure(reason: .invalidNumber) }
                return number
            case .string(let value): return .string(value)
            case .object, .array: return .json(found.text())
            }
        case .negate(let operand):
            let value = try evaluate(operand)
            switch value {
            case .missing, .null: return value
            default:
                switch try numeric(value) {
                case .int(let x): return x == .min ? .double(9_223_372_036_854_775_808) : .int(-x)
                case .double(let x): return .double(-x)
                default: fatalError()
                }
            }
        case .not(let operand): return .bool(!(try truth(evaluate(operand))))
        case .arithmetic(let op, let left, let right):
            return try arithmetic(op, evaluate(left), evaluate(right))
        case .compare(let op, let left, let right):
            return .bool(try compare(op, evaluate(left), evaluate(right)))
        case .and(let left, let right):
            guard try truth(evaluate(left)) else { return .bool(false) }
            return .bool(try truth(evaluate(right)))
        case .or(let left, let right):
            if try truth(evaluate(left)) { return .bool(true) }
            return .bool(try truth(evaluate(right)))
        case .isNull(let operand, let negated):
            switch try evaluate(operand) {
            case .missing, .null: return .bool(!negated)
            default: return .bool(negated)
            }
        case .isMissing(let operand, let negated):
            if case .missing = try evaluate(operand) { return .bool(!negated) }
            return .bool(negated)
        case .inList(let operand, let list, let negated):
            let value = try evaluate(operand)
            switch value {
            case .missing, .null: return .bool(false)
            default: break
            }
            for element in list {
                let candidate = try evaluate(element)
                switch candidate {
                case .missing, .null:
                    if negated { return .bool(false) }
                default:
                    if try compare("=", value, candidate) { return .bool(!negated) }
                }
            }
            return .bool(negated)
        case .call("coalesce", let arguments):
            var last = V.missing
            for argument in arguments {
                last = try evaluate(argument)
                switch last {
                case .missing, .null: continue
                default: return last
                }
            }
            return last
        case .call(let name, let trees):
            var arguments: [V] = []
            for tree in trees { arguments.append(try evaluate(tree)) }
            return try call(name, arguments)
        }
    }

    private func truth(_ value: V) throws(Failure) -> Bool {
        switch value {
        case .bool(let truth): return truth
        case .missing, .null: return false
        default: throw Failure(reason: .needsBoolean(value.kind))
        }
    }

    private func numeric(_ value: V) throws(Failure) -> V {
        switch value {
        case .int, .double: return value
        case .string(let text):
            guard let number = try Self.number(text) else { throw Failure(reason: .notNumericString) }
            return number
        default: throw Failure(reason: .needsNumber(value.kind))
        }
    }

    private func double(_ value: V) -> Double {
        switch value {
        case .int(let x): Double(x)
        case .double(let x): x
        default: fatalError()
        }
    }

    private func finite(_ value: Double) throws(Failure) -> V {
        guard value.isFinite else { throw Failure(reason: .notFinite) }
        return .double(value)
    }

    private func arithmetic(_ op: String, _ a: V, _ b: V) throws(Failure) -> V {
        if case .missing = a { return .missing }
        if case .missing = b { return .missing }
        if case .null = a { return .null }
        if case .null = b { return .null }
        let x = try numeric(a)
        let y = try numeric(b)
        if case .int(let i) = x, case .int(let j) = y, op != "/" {
            switch op {
            case "%":
                guard j != 0 else { throw Failure(reason: .divisionByZero) }
                return .int(j == -1 ? 0 : i % j)
            default:
                // Exact in 128 bits, then back to 64 if it fits.
                let wide: Int128 =
                    switch op {
                    case "+": Int128(i) + Int128(j)
                    case "-": Int128(i) - Int128(j)
                    default: Int128(i) * Int128(j)
                    }
                if let narrow = Int64(exactly: wide) { return .int(narrow) }
                switch op {
                case "+": return .double(Double(i) + Double(j))
                case "-": return .double(Double(i) - Double(j))
                default: return .double(Double(i) * Double(j))
                }
            }
        }
        let p = double(x)
        let q = double(y)
        switch op {
        case "+": return try finite(p + q)
        case "-": return try finite(p - q)
        case "*": return try finite(p * q)
        case "/":
            guard q != 0 else { throw Failure(reason: .divisionByZero) }
            return try finite(p / q)
        default:
            guard q != 0 else { throw Failure(reason: .divisionByZero) }
            return .double(fmod(p, q))
        }
    }

    /// -1, 0 or 1 for two numbers, exactly.
    private func order(_ x: V, _ y: V) -> Int {
        switch (x, y) {
        case (.int(let i), .int(let j)): return i < j ? -1 : i == j ? 0 : 1
        case (.double(let p), .double(let q)): return p < q ? -1 : p == q ? 0 : 1
        case (.double, .int): return -order(y, x)
        case (.int(let i), .double(let d)):
            if let exact = Double(exactly: i) { return exact < d ? -1 : exact == d ? 0 : 1 }
            if d.magnitude < 9_007_199_254_740_992 { return Double(i) < d ? -1 : 1 }
            if let whole = Int64(exactly: d) { return i < whole ? -1 : i == whole ? 0 : 1 }
            return d > 0 ? -1 : 1
        default: fatalError()
        }
    }

    private func compare(_ op: String, _ a: V, _ b: V) throws(Failure) -> Bool {
        func holds(_ order: Int) -> Bool {
            switch op {
            case "=": order == 0
            case "!=", "<>": order != 0
            case "<": order < 0
            case "<=": order <= 0
            case ">": order > 0
            default: order >= 0
            }
        }
        switch (a, b) {
        case (.missing, _), (_, .missing), (.null, _), (_, .null): return false
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double): return holds(order(a, b))
        case (.string(let x), .string(let y)):
            let p = Array(x.utf8)
            let q = Array(y.utf8)
            return holds(p == q ? 0 : p.lexicographicallyPrecedes(q) ? -1 : 1)
        case (.bool(let x), .bool(let y)):
            guard op == "=" || op == "!=" || op == "<>" else { throw Failure(reason: .notComparable(.bool, .bool)) }
            return holds(x == y ? 0 : 1)
        case (.string, .int), (.string, .double), (.int, .string), (.double, .string):
            guard let x = try? numeric(a), let y = try? numeric(b) else {
                throw Failure(reason: .notComparable(a.kind, b.kind))
            }
            return holds(order(x, y))
        default:
            throw Failure(reason: .notComparable(a.kind, b.kind))
        }
    }

    /// JSON text of a number by the spec's rule: whole and below 2^63 as digits, otherwise Swift's shortest form.
    static func text(_ value: Double) -> String {
        if value == value.rounded(.towardZero), let whole = Int64(exactly: value) { return String(whole) }
        return value.description
    }

    private func call(_ name: String, _ arguments: [V]) throws(Failure) -> V {
        switch name {
        case "lower", "upper":
            switch arguments[0] {
            case .missing, .null: return arguments[0]
            case .string(let text): return .string(name == "lower" ? text.lowercased() : text.uppercased())
            default: throw Failure(reason: .needsString(arguments[0].kind))
            }
        case "concat":
            if arguments.contains(where: { if case .missing = $0 { true } else { false } }) { return .missing }
            var text = ""
            for argument in arguments {
                switch argument {
                case .null: return .null
                case .string(let part): text += part
                case .int(let x): text += String(x)
                case .double(let x): text += Self.text(x)
                case .bool(let x): text += x ? "true" : "false"
                default: throw Failure(reason: .needsString(argument.kind))
                }
            }
            return .string(text)
        default: break
        }
        if arguments.contains(where: { if case .missing = $0 { true } else { false } }) { return .missing }
        if arguments.contains(where: { if case .null = $0 { true } else { false } }) { return .null }
        let x = try numeric(arguments[0])
        let y = arguments.count > 1 ? try numeric(arguments[1]) : nil
        let d = double(x)
        func integral(_ rounded: Double) -> V {
            Int64(exactly: rounded).map { .int($0) } ?? .double(rounded)
        }
        switch name {
        case "abs":
            if case .int(let i) = x { return i == .min ? .double(9_223_372_036_854_775_808) : .int(Swift.abs(i)) }
            return .double(Swift.abs(d))
        case "ceil", "floor", "round", "trunc":
            guard let y, name == "trunc" else {
                if case .int = x { return x }
                switch name {
                case "ceil": return integral(Glibc.ceil(d))
                case "floor": return integral(Glibc.floor(d))
                case "round": return integral(Glibc.round(d))
                default: return integral(Glibc.trunc(d))
                }
            }
            let places: Int
            switch y {
            case .int(let n): places = Int(Swift.min(Swift.max(n, 0), 34))
            default:
                let q = double(y)
                guard q == Glibc.trunc(q) else { throw Failure(reason: .notWholePlaces) }
                places = Int(Swift.min(Swift.max(q, 0), 34))
            }
            if case .int = x { return x }
            return .double(Self.truncate(d, places))
        case "sign":
            return .int(d > 0 ? 1 : d < 0 ? -1 : 0)
        case "mod": return try arithmetic("%", x, y!)
        case "sqrt":
            guard d >= 0 else { throw Failure(reason: .negativeSquareRoot) }
            return .double(Glibc.sqrt(d))
        case "ln", "log":
            guard d > 0 else { throw Failure(reason: .nonPositiveLogarithm) }
            return .double(name == "ln" ? Glibc.log(d) : Glibc.log10(d))
        case "acos", "asin":
            guard d >= -1, d <= 1 else { throw Failure(reason: .outsideUnitRange) }
            return .double(name == "acos" ? Glibc.acos(d) : Glibc.asin(d))
        case "power": return try finite(Glibc.pow(d, double(y!)))
        case "atan2": return try finite(Glibc.atan2(d, double(y!)))
        case "exp": return try finite(Glibc.exp(d))
        case "atan": return try finite(Glibc.atan(d))
        case "cos": return try finite(Glibc.cos(d))
        case "cosh": return try finite(Glibc.cosh(d))
        case "sin": return try finite(Glibc.sin(d))
        case "sinh": return try finite(Glibc.sinh(d))
        case "tan": return try finite(Glibc.tan(d))
        case "tanh": return try finite(Glibc.tanh(d))
        default: fatalError("unknown function \(name)")
        }
    }

    /// Truncation on the decimal digits of `description`.
    static func truncate(_ value: Double, _ places: Int) -> Double {
        let parts = value.magnitude.description.split(separator: "e")
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let digits = Array(mantissa[0] + (mantissa.count > 1 ? mantissa[1] : ""))
        let point = mantissa[0].count + exponent
        let keep = point + places
        if keep >= digits.count { return value }
        if keep <= 0 { return value < 0 ? -0.0 : 0.0 }
        let truncated = Double(String(digits[0..<keep]) + "e" + String(point - keep))!
        return value < 0 ? -truncated : truncated
    }
}
