import SampleData

/// Random expressions and records for the differential test, from a seeded generator.
struct ReferenceGenerator {
    var random: SplitMix64

    /// The paths expressions read; records hold some of them.
    static let paths: [[PathStep]] = [
        [.member("a")], [.member("b")], [.member("c")], [.member("d")], [.member("odd name")],
        [.member("obj"), .member("x")], [.member("arr"), .index(0)], [.member("arr"), .index(3)], [.member("gone")],
    ]

    static let functions: [(String, Int)] = [
        ("abs", 1), ("ceil", 1), ("floor", 1), ("round", 1), ("trunc", 1), ("trunc", 2), ("sqrt", 1), ("power", 2),
        ("exp", 1), ("ln", 1), ("log", 1), ("mod", 2), ("sign", 1), ("acos", 1), ("asin", 1), ("atan", 1),
        ("atan2", 2), ("cos", 1), ("cosh", 1), ("sin", 1), ("sinh", 1), ("tan", 1), ("tanh", 1), ("coalesce", 1),
        ("coalesce", 3), ("lower", 1), ("upper", 1), ("concat", 2), ("concat", 3),
    ]

    private mutating func pick<T>(_ choices: [T]) -> T { choices.randomElement(using: &random)! }

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func numberText() -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return pick(["0", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808"])
        case 1: return pick(["0.5", "-2.25", "1e300", "-1e-300", "1.5e2", "0.1", "68.0", "4503599627370497"])
        case 2, 3: return String(Int64.random(in: -20...20, using: &random))
        case 4: return String(Int64.random(in: .min ... .max, using: &random))
        case 5: return pick(["3", "1", "-1", "2", "10", "1.0", "0.0"])
        default:
            let value = Double(Int.random(in: -100_000...100_000, using: &random)) / pick([10.0, 100, 1000, 8])
            return value.description
        }
    }

    mutating func stringValue() -> String {
        pick(["abc", "ABC", "12", "2.5", "-7", "1e400", " 3", "", "É ß İ", "it's", "a\"b\\c", "line\nnext", "x", "☕"])
    }

    mutating func json(depth: Int = 0) -> JSON {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return .null
        case 1: return .bool(chance(50))
        case 2, 3, 4, 5: return .number(numberText())
        case 6, 7: return .string(stringValue())
        case 8 where depth == 0:
            return .object([.init(name: "x", value: json(depth: 1)), .init(name: "y", value: .integer(1))])
        case 9 where depth == 0: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in json(depth: 1) })
        default: return .number(numberText())
        }
    }

    mutating func record() -> JSON {
        var members: [JSON.Member] = []
        for name in ["a", "b", "c", "d", "odd name"] where chance(85) {
            members.append(.init(name: name, value: json()))
        }
        if chance(70) { members.append(.init(name: "obj", value: .object([.init(name: "x", value: json(depth: 1))]))) }
        if chance(70) { members.append(.init(name: "arr", value: .array([json(depth: 1), json(depth: 1)]))) }
        return .object(members)
    }

    mutating func leaf() -> ReferenceTree {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return .null
        case 1: return .bool(chance(50))
        case 2, 3: return .integer(Int64.random(in: 0...12, using: &random))
        case 4: return .number(pick([0.5, 2.25, 1e300, 1e-300, 1.5, 0.0, 3.0, 9.0, 1e22]))
        case 5: return .string(stringValue())
        default: return .path(pick(Self.paths))
        }
    }

    mutating func tree(depth: Int) -> ReferenceTree {
        guard depth > 0, chance(80) else { return leaf() }
        let next = depth - 1
        switch Int.random(in: 0..<20, using: &random) {
        case 0: return .negate(tree(depth: next))
        case 1: return .not(tree(depth: next))
        case 2, 3, 4, 5:
            return .arithmetic(pick(["+", "-", "*", "/", "%"]), tree(depth: next), tree(depth: next))
        case 6, 7, 8:
            return .compare(pick(["=", "!=", "<>", "<", "<=", ">", ">="]), tree(depth: next), tree(depth: next))
        case 9: return .and(tree(depth: next), tree(depth: next))
        case 10: return .or(tree(depth: next), tree(depth: next))
        case 11: return .isNull(tree(depth: next), negated: chance(50))
        case 12: return .isMissing(tree(depth: next), negated: chance(50))
        case 13:
            let list = (0..<Int.random(in: 1...3, using: &random)).map { _ in tree(depth: next) }
            return .inList(tree(depth: next), list, negated: chance(40))
        default:
            let (name, arity) = pick(Self.functions)
            return .call(name, (0..<arity).map { _ in tree(depth: next) })
        }
    }
}
