import JSONText

extension Value {
    /// The most bytes ``writeJSON(into:)`` writes for this value.
    package var maximumJSONLength: Int {
        switch self {
        case .missing: 0
        case .null, .bool: 5
        case .integer, .number: NumberWriter.maximumLength
        case .string(let text): 2 + JSONEscapes.maximumEscapedLength(text.count)
        case .json(let text): text.count
        }
    }

    /// Writes the value as JSON text at `out`, which has room for ``maximumJSONLength`` bytes; returns the count.
    ///
    /// Strings are escaped per RFC 8259 §7; numbers follow ``NumberWriter``. Missing writes nothing: the caller
    /// leaves the attribute unset.
    package func writeJSON(into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch self {
        case .missing: return 0
        case .null: return Self.copy("null", to: out)
        case .bool(let value): return Self.copy(value ? "true" : "false", to: out)
        case .integer(let value): return NumberWriter.write(value, to: out)
        case .number(let value): return NumberWriter.write(value, to: out)
        case .string(let text):
            out[0] = UInt8(ascii: "\"")
            var o = 1
            if let base = text.baseAddress { o += JSONEscapes.escape(base, count: text.count, to: out + 1) }
            out[o] = UInt8(ascii: "\"")
            return o + 1
        case .json(let text):
            if let base = text.baseAddress { out.update(from: base, count: text.count) }
            return text.count
        }
    }

    private static func copy(_ text: StaticString, to out: UnsafeMutablePointer<UInt8>) -> Int {
        out.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        return text.utf8CodeUnitCount
    }
}
