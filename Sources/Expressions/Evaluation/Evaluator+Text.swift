extension Evaluator {
    /// `lower` or `upper`: strings mapped into the arena (or returned as they are when nothing changes).
    mutating func caseMapped(_ value: Value, upper: Bool) throws(EvaluationError.Reason) -> Value {
        switch value {
        case .missing, .null: return value
        case .string(let text):
            if UTF8Text.isUnchangedASCII(text, upper: upper) { return value }
            let out = arena.allocate(UTF8Text.mappedLength(text, upper: upper))
            let count = UTF8Text.mapCase(text, upper: upper, to: out)
            return .string(UnsafeBufferPointer(start: out, count: count))
        default: throw .needsString(value.kind)
        }
    }

    /// `concat`: strings joined in the arena, with numbers and booleans written as their JSON text.
    mutating func concatenated(_ arguments: UnsafePointer<Value>, count: Int) throws(EvaluationError.Reason) -> Value {
        var capacity = 0
        for k in 0..<count {
            if case .missing = arguments[k] { return .missing }
        }
        for k in 0..<count {
            switch arguments[k] {
            case .null: return .null
            case .string(let text): capacity += text.count
            case .integer, .number: capacity += NumberWriter.maximumLength
            case .bool: capacity += 5
            case let other: throw .needsString(other.kind)
            }
        }
        let out = arena.allocate(capacity)
        var o = 0
        for k in 0..<count {
            switch arguments[k] {
            case .string(let text):
                if let base = text.baseAddress { (out + o).update(from: base, count: text.count) }
                o += text.count
            case .integer(let value): o += NumberWriter.write(value, to: out + o)
            case .number(let value): o += NumberWriter.write(value, to: out + o)
            case .bool(let value): o += Value.bool(value).writeJSON(into: out + o)
            default: break
            }
        }
        return .string(UnsafeBufferPointer(start: out, count: o))
    }
}
