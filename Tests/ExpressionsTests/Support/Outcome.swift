import Expressions

/// An evaluation's result as plain Swift values, to compare in tests.
enum Outcome: Equatable, CustomStringConvertible {
    case missing
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case json(String)
    case error(EvaluationError.Reason)

    init(_ value: Value) {
        switch value {
        case .missing: self = .missing
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .integer(let value): self = .integer(value)
        case .number(let value): self = .number(value)
        case .string(let bytes): self = .string(String(decoding: bytes, as: UTF8.self))
        case .json(let bytes): self = .json(String(decoding: bytes, as: UTF8.self))
        }
    }

    var description: String {
        switch self {
        case .missing: "missing"
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "integer \(value)"
        case .number(let value): "number \(value)"
        case .string(let value): "string '\(value)'"
        case .json(let value): "json \(value)"
        case .error(let reason): "error \(reason)"
        }
    }

    static func == (a: Outcome, b: Outcome) -> Bool {
        switch (a, b) {
        case (.missing, .missing), (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.integer(let x), .integer(let y)): x == y
        // Bit patterns, so that 0.0 and -0.0 differ and the test says which one it expects.
        case (.number(let x), .number(let y)): x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): Array(x.utf8) == Array(y.utf8)
        case (.json(let x), .json(let y)): x == y
        case (.error(let x), .error(let y)): x == y
        default: false
        }
    }
}

/// Parses `text` (which must parse), evaluates it for `record` and returns the outcome and the JSON written.
func run(_ text: String, _ record: Record = Record()) throws -> (outcome: Outcome, json: String) {
    let expression = try Expression(text)
    var evaluator = Evaluator()
    var resolver = RecordResolver(record: record)
    do {
        let value = try evaluator.evaluate(expression, resolver: &resolver)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(value.maximumJSONLength, 1))
        defer { buffer.deallocate() }
        let count = value.writeJSON(into: buffer)
        precondition(count <= value.maximumJSONLength)
        return (Outcome(value), String(decoding: UnsafeBufferPointer(start: buffer, count: count), as: UTF8.self))
    } catch {
        return (.error(error.reason), "")
    }
}

/// The outcome of `text` for `record`.
func outcome(_ text: String, _ record: Record = Record()) throws -> Outcome {
    try run(text, record).outcome
}
