import SampleData
import Testing

@testable import Expressions

/// The evaluator against ``ReferenceEvaluator`` on random expressions and records (fixed seeds).
@Suite struct DifferentialTests {
    /// The reference result as an ``Outcome`` and the JSON text the spec says it writes.
    private func expected(_ tree: ReferenceTree, _ record: JSON) -> (Outcome, String) {
        do {
            switch try ReferenceEvaluator(record: record).evaluate(tree) {
            case .missing: return (.missing, "")
            case .null: return (.null, "null")
            case .bool(let value): return (.bool(value), value ? "true" : "false")
            case .int(let value): return (.integer(value), String(value))
            case .double(let value): return (.number(value), ReferenceEvaluator.text(value))
            case .string(let value): return (.string(value), "\"" + JSON.escapedBody(value, escapeAll: false) + "\"")
            case .json(let text): return (.json(text), text)
            }
        } catch {
            return (.error(error.reason), "")
        }
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func agreesWithTheReferenceEvaluator(seed: UInt64) throws {
        var generator = ReferenceGenerator(random: SplitMix64(seed: seed))
        var evaluator = Evaluator()
        var disagreements = 0
        var kinds: [String: Int] = [:]
        for _ in 0..<5000 {
            let tree = generator.tree(depth: Int.random(in: 1...5, using: &generator.random))
            let expression = try Expression(tree.text)
            for _ in 0..<4 {
                let json = generator.record()
                let record = Record(root: json, escapeStrings: Bool.random(using: &generator.random))
                var resolver = RecordResolver(record: record)
                let (wanted, wantedJSON) = expected(tree, json)
                let got: Outcome
                var gotJSON = ""
                do {
                    let value = try evaluator.evaluate(expression, resolver: &resolver)
                    got = Outcome(value)
                    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(value.maximumJSONLength, 1))
                    defer { buffer.deallocate() }
                    let count = value.writeJSON(into: buffer)
                    gotJSON = String(decoding: UnsafeBufferPointer(start: buffer, count: count), as: UTF8.self)
                } catch {
                    got = .error(error.reason)
                }
                kinds[String("\(wanted)".prefix(while: { $0 != " " && $0 != "(" })), default: 0] += 1
                if got != wanted || gotJSON != wantedJSON {
                    disagreements += 1
                    if disagreements <= 10 {
                        Issue.record(
                            "\(tree.text) on \(json.text()): got \(got) \(gotJSON), reference \(wanted) \(wantedJSON)")
                    }
                }
            }
        }
        #expect(disagreements == 0)
        // The random cases reach every kind of result, errors included.
        for kind in ["missing", "null", "true", "false", "integer", "number", "string", "json", "error"] {
            #expect(kinds[kind, default: 0] > 20, "too few \(kind) results: \(kinds)")
        }
    }

    /// The parser's reading of the minimally parenthesised text is the tree that was printed.
    @Test func printedTreesParseBackToTheSameStructure() throws {
        var generator = ReferenceGenerator(random: SplitMix64(seed: 99))
        for _ in 0..<3000 {
            let tree = generator.tree(depth: 6)
            let expression = try Expression(tree.text)
            #expect(try Expression(expression.description).description == expression.description, "\(tree.text)")
        }
    }
}
