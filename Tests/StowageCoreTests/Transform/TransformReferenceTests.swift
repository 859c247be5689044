import Foundation
import Testing

@testable import StowageCore

/// Every operator and function through a `math` step, against a small reference evaluator written from
/// specs/expressions.md over Swift values.
@Suite struct TransformReferenceTests {
    enum R: Equatable {
        case missing, null, error
        case bool(Bool)
        case int(Int64)
        case double(Double)
        case string(String)
    }

    /// Attribute values the operands take: the record's JSON text, or nil for a missing attribute.
    static let samples: [String?] = [
        "7", "-3", "0", "9223372036854775807", "2.5", "-0.5", "1e308", #""12""#, #""abc""#, #""Straße""#, "null", nil,
        "true",
    ]

    static func value(_ json: String?) -> R {
        guard let json else { return .missing }
        switch json {
        case "null": return .null
        case "true": return .bool(true)
        default:
            if json.hasPrefix("\"") { return .string(String(json.dropFirst().dropLast())) }
            return number(json)!
        }
    }

    static func number(_ text: String) -> R? {
        guard text.wholeMatch(of: /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/) != nil else { return nil }
        if let int = Int64(text) { return .int(int) }
        return .double(Double(text)!)
    }

    /// The operand as a number, or nil (an error) for a value that is not one.
    static func numeric(_ v: R) -> R? {
        switch v {
        case .int, .double: v
        case .string(let text): number(text)
        default: nil
        }
    }

    static func double(_ v: R) -> Double {
        switch v {
        case .int(let x): Double(x)
        case .double(let x): x
        default: .nan
        }
    }

    static func finite(_ x: Double) -> R { x.isFinite ? .double(x) : .error }

    static func whole(_ x: Double) -> R {
        x.isFinite && abs(x) < 9.2e18 ? .int(Int64(x)) : finite(x)
    }

    /// Missing, then null, propagate through arithmetic and functions.
    static func propagate(_ operands: [R]) -> R? {
        if operands.contains(.missing) { return .missing }
        if operands.contains(.null) { return .null }
        return nil
    }

    static func arithmetic(_ op: String, _ a: R, _ b: R) -> R {
        if let p = propagate([a, b]) { return p }
        guard let x = numeric(a), let y = numeric(b) else { return .error }
        if case .int(let i) = x, case .int(let j) = y, op != "/" {
            switch op {
            case "+":
                let (r, o) = i.addingReportingOverflow(j)
                return o ? finite(Double(i) + Double(j)) : .int(r)
            case "-":
                let (r, o) = i.subtractingReportingOverflow(j)
                return o ? finite(Double(i) - Double(j)) : .int(r)
            case "*":
                let (r, o) = i.multipliedReportingOverflow(by: j)
                return o ? finite(Double(i) * Double(j)) : .int(r)
            default: return j == 0 ? .error : .int(i % j)
            }
        }
        let (p, q) = (double(x), double(y))
        switch op {
        case "+": return finite(p + q)
        case "-": return finite(p - q)
        case "*": return finite(p * q)
        case "/": return q == 0 ? .error : finite(p / q)
        default: return q == 0 ? .error : finite(fmod(p, q))
        }
    }

    static func compare(_ op: String, _ a: R, _ b: R) -> R {
        if [a, b].contains(.missing) || [a, b].contains(.null) { return .bool(false) }
        let order: Int
        switch (a, b) {
        case (.string(let s), .string(let t)):
            order = Array(s.utf8).lexicographicallyPrecedes(Array(t.utf8)) ? -1 : (s == t ? 0 : 1)
        case (.bool(let s), .bool(let t)):
            guard op == "=" || op == "!=" else { return .error }
            order = s == t ? 0 : 1
        case (.bool, _), (_, .bool): return .error
        default:
            guard let x = numeric(a), let y = numeric(b) else { return .error }
            if case .int(let i) = x, case .int(let j) = y {
                order = i < j ? -1 : (i == j ? 0 : 1)
            } else {
                order = double(x) < double(y) ? -1 : (double(x) == double(y) ? 0 : 1)
            }
        }
        let holds =
            switch op {
            case "=": order == 0
            case "!=": order != 0
            case "<": order < 0
            case "<=": order <= 0
            case ">": order > 0
            default: order >= 0
            }
        return .bool(holds)
    }

    static func truth(_ v: R) -> Bool? {
        switch v {
        case .bool(let b): b
        case .missing, .null: false
        default: nil
        }
    }

    static func text(_ v: R) -> String? {
        switch v {
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 9.2e18 ? String(Int64(d)) : "\(d)"
        default: nil
        }
    }

    static func call(_ name: String, _ args: [R]) -> R {
        switch name {
        case "coalesce": return args.first { $0 != .missing && $0 != .null } ?? args.last!
        case "concat":
            if let p = propagate(args) { return p }
            var out = ""
            for arg in args {
                guard let piece = text(arg) else { return .error }
                out += piece
            }
            return .string(out)
        case "lower", "upper":
            if let p = propagate(args) { return p }
            guard case .string(let s) = args[0] else { return .error }
            return .string(name == "lower" ? s.lowercased() : s.uppercased())
        default: break
        }
        if let p = propagate(args) { return p }
        let numbers = args.compactMap(numeric)
        guard numbers.count == args.count else { return .error }
        let x = numbers[0]
        let d = double(x)
        switch name {
        case "abs":
            if case .int(let i) = x { return i == .min ? .double(-Double(i)) : .int(Swift.abs(i)) }
            return .double(Swift.abs(d))
        case "ceil", "floor", "round",
            "trunc" where args.count == 1:
            if case .int = x { return x }
            let rule: FloatingPointRoundingRule =
                ["ceil": .up, "floor": .down, "round": .toNearestOrAwayFromZero][name] ?? .towardZero
            return whole(d.rounded(rule))
        case "trunc":
            guard case .int(let places) = numbers[1] else { return .error }
            if case .int = x { return x }
            let shortest = "\(d)"
            guard !shortest.contains("e"), let dot = shortest.firstIndex(of: ".") else { return .double(d) }
            let kept = shortest[shortest.index(after: dot)...].prefix(Int(max(0, min(places, 34))))
            return .double(Double(shortest[..<dot] + (kept.isEmpty ? "" : "." + kept))!)
        case "sign": return .int(d > 0 ? 1 : (d < 0 ? -1 : 0))
        case "sqrt": return d < 0 ? .error : finite(d.squareRoot())
        case "ln", "log": return d <= 0 ? .error : finite(name == "ln" ? Foundation.log(d) : log10(d))
        case "exp": return finite(Foundation.exp(d))
        case "asin", "acos":
            return Swift.abs(d) > 1 ? .error : .double(name == "asin" ? Foundation.asin(d) : Foundation.acos(d))
        case "sin": return finite(Foundation.sin(d))
        case "cos": return finite(Foundation.cos(d))
        case "tan": return finite(Foundation.tan(d))
        case "atan": return finite(Foundation.atan(d))
        case "sinh": return finite(Foundation.sinh(d))
        case "cosh": return finite(Foundation.cosh(d))
        case "tanh": return finite(Foundation.tanh(d))
        case "power": return finite(pow(d, double(numbers[1])))
        case "atan2": return finite(Foundation.atan2(d, double(numbers[1])))
        case "mod": return arithmetic("%", x, numbers[1])
        default: fatalError("no reference for \(name)")
        }
    }

    /// Runs `r = expression` on a record with attributes a and b and compares `r` with `expected`.
    private func check(_ expression: String, _ a: String?, _ b: String?, _ expected: R) throws {
        var data = "{\"z\":0"
        if let a { data += ",\"a\":" + a }
        if let b { data += ",\"b\":" + b }
        data += "}"
        var steps = #"[{"math":{"attribute":"r","math":"#
        JSONValue.writeString(expression, to: &steps)
        steps += "}}]"
        let outcome = try Transforming.run(Transforming.pipeline(steps), data)
        let context = "\(expression) with a=\(a ?? "missing") b=\(b ?? "missing"): \(outcome)"
        guard case .kept(let text) = outcome else {
            #expect(expected == .error, "\(context), expected \(expected)")
            return
        }
        let got = try JSONValue.parse(Array(text.utf8))["r"]
        switch expected {
        case .error: Issue.record("\(context), expected an error")
        case .missing: #expect(got == nil, "\(context)")
        case .null: #expect(got == .null, "\(context)")
        case .bool(let value): #expect(got == .bool(value), "\(context)")
        case .string(let value): #expect(got == .string(value), "\(context)")
        case .int(let value): #expect(got == .number(String(value)), "\(context)")
        case .double(let value):
            if value == value.rounded(), Swift.abs(value) < 9.2e18 {
                #expect(got == .number(String(Int64(value))), "\(context): whole numbers print without a fraction")
            } else {
                guard case .number(let digits)? = got else {
                    Issue.record("\(context), expected \(value)")
                    return
                }
                #expect(Double(digits) == value, "\(context), expected \(value)")
            }
        }
    }

    @Test(arguments: ["+", "-", "*", "/", "%"])
    func arithmetic(_ op: String) throws {
        for a in Self.samples {
            for b in Self.samples {
                try check("a \(op) b", a, b, Self.arithmetic(op, Self.value(a), Self.value(b)))
            }
        }
    }

    @Test(arguments: ["=", "!=", "<", "<=", ">", ">="])
    func comparison(_ op: String) throws {
        for a in Self.samples {
            for b in Self.samples {
                try check("a \(op) b", a, b, Self.compare(op, Self.value(a), Self.value(b)))
            }
        }
    }

    @Test func logicNullChecksAndLists() throws {
        for a in Self.samples {
            let x = Self.value(a)
            try check("NOT a", a, nil, Self.truth(x).map { .bool(!$0) } ?? .error)
            try check("a IS NULL", a, nil, .bool(x == .null || x == .missing))
            try check("a IS NOT NULL", a, nil, .bool(!(x == .null || x == .missing)))
            try check("a IS MISSING", a, nil, .bool(x == .missing))
            try check("-a", a, nil, Self.negate(x))
            for b in Self.samples {
                let y = Self.value(b)
                let and: R =
                    Self.truth(x).map { left in left ? (Self.truth(y).map { R.bool($0) } ?? .error) : .bool(false) }
                    ?? .error
                let or: R =
                    Self.truth(x).map { left in left ? .bool(true) : (Self.truth(y).map { R.bool($0) } ?? .error) }
                    ?? .error
                try check("a AND b", a, b, and)
                try check("a OR b", a, b, or)
                try check("a IN (b, 7)", a, b, Self.inList(x, [y, .int(7)], negated: false))
                try check("a NOT IN (b, 7)", a, b, Self.inList(x, [y, .int(7)], negated: true))
            }
        }
    }

    static func negate(_ v: R) -> R {
        if let p = propagate([v]) { return p }
        switch numeric(v) {
        case .int(let i)?: return i == .min ? .double(-Double(i)) : .int(-i)
        case .double(let d)?: return .double(-d)
        default: return .error
        }
    }

    static func inList(_ x: R, _ list: [R], negated: Bool) -> R {
        if x == .missing || x == .null { return .bool(false) }
        for element in list {
            if element == .missing || element == .null {
                if negated { return .bool(false) }
                continue
            }
            let equal = compare("=", x, element)
            if equal == .error { return .error }
            if equal == .bool(true) { return .bool(!negated) }
        }
        return .bool(negated)
    }

    static let unary = [
        "abs", "ceil", "floor", "round", "trunc", "sqrt", "exp", "ln", "log", "sign", "sin", "cos", "tan", "asin",
        "acos", "atan", "sinh", "cosh", "tanh", "lower", "upper",
    ]

    @Test(arguments: unary)
    func unaryFunction(_ name: String) throws {
        for a in Self.samples + ["1.15", "-2.5", "0.5", "1e19", #""-0.25""#] {
            try check("\(name)(a)", a, nil, Self.call(name, [Self.value(a)]))
        }
    }

    @Test(arguments: ["power", "mod", "atan2", "coalesce", "concat"])
    func binaryFunction(_ name: String) throws {
        for a in Self.samples {
            for b in Self.samples {
                try check("\(name)(a, b)", a, b, Self.call(name, [Self.value(a), Self.value(b)]))
            }
        }
    }

    @Test func truncToPlaces() throws {
        for a in ["1.15", "2.5", "-0.5", "7", "123.456", "-9.87654", "null", nil] {
            for n in ["0", "1", "2", "40"] {
                try check("trunc(a, b)", a, n, Self.call("trunc", [Self.value(a), Self.value(n)]))
            }
        }
    }
}
