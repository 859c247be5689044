import Expressions

/// A record for tests: a JSON object whose values a resolver hands out as raw bytes, as a real record would.
///
/// Every byte buffer it hands out stays allocated until the record is released.
final class Record {
    let root: JSON
    /// Strings are handed out in escaped form (`\u` escapes for all non-ASCII) instead of as decoded bytes.
    let escapeStrings: Bool
    private var buffers: [UnsafeMutableBufferPointer<UInt8>] = []

    init(_ members: [String: JSON] = [:], escapeStrings: Bool = false) {
        self.root = .object(members.sorted { $0.key < $1.key }.map { JSON.Member(name: $0.key, value: $0.value) })
        self.escapeStrings = escapeStrings
    }

    init(root: JSON, escapeStrings: Bool = false) {
        self.root = root
        self.escapeStrings = escapeStrings
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }

    private func bytes(_ text: String) -> UnsafeBufferPointer<UInt8> {
        let utf8 = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(utf8.count, 1))
        _ = buffer.initialize(from: utf8)
        buffers.append(buffer)
        return UnsafeBufferPointer(rebasing: buffer[0..<utf8.count])
    }

    func value(at path: AttributePath) -> AttributeValue {
        let steps: [PathStep] = path.components.map {
            switch $0 {
            case .member(let name): .member(String(decoding: name, as: UTF8.self))
            case .index(let index): .index(index)
            }
        }
        guard let found = root.value(at: steps[...]) else { return .missing }
        switch found {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let text): return .number(bytes(text))
        case .string(let text):
            let body = JSON.escapedBody(text, escapeAll: escapeStrings)
            return .string(bytes(body), escaped: body.utf8.contains(UInt8(ascii: "\\")))
        case .object, .array: return .json(bytes(found.text()))
        }
    }
}

/// The resolver tests pass to the evaluator.
struct RecordResolver: AttributeResolver {
    let record: Record

    mutating func value(at path: UnsafePointer<AttributePath>) -> AttributeValue { record.value(at: path.pointee) }
}
