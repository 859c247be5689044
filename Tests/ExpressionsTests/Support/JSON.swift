/// A JSON value for building test records, kept as text where the record would keep text (numbers).
indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// Number text, as it would stand in the record.
    case number(String)
    case string(String)
    case object([Member])
    case array([JSON])

    struct Member: Sendable, Equatable {
        var name: String
        var value: JSON
    }

    static func integer(_ value: Int64) -> JSON { .number(String(value)) }
    static func double(_ value: Double) -> JSON { .number("\(value)") }

    /// The value's JSON text; with `escapeAll`, every non-ASCII scalar of a string as `\u` escapes.
    func text(escapeAll: Bool = false) -> String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let text): text
        case .string(let text): "\"" + Self.escapedBody(text, escapeAll: escapeAll) + "\""
        case .object(let members):
            "{"
                + members.map { "\"\(Self.escapedBody($0.name, escapeAll: false))\":\($0.value.text())" }
                .joined(separator: ",") + "}"
        case .array(let elements): "[" + elements.map { $0.text() }.joined(separator: ",") + "]"
        }
    }

    /// A string's body as JSON writes it: quotes, backslashes and control characters escaped.
    static func escapedBody(_ text: String, escapeAll: Bool) -> String {
        var body = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": body += "\\\""
            case "\\": body += "\\\\"
            case "\n": body += "\\n"
            case "\t": body += "\\t"
            case "\u{0}"..<"\u{20}": body += "\\u" + hex4(scalar.value)
            default:
                if escapeAll, scalar.value > 0x7F {
                    for unit in String(scalar).utf16 { body += "\\u" + hex4(UInt32(unit)) }
                } else {
                    body.unicodeScalars.append(scalar)
                }
            }
        }
        return body
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// The value at `components`, or nil where the record has nothing.
    func value(at components: ArraySlice<PathStep>) -> JSON? {
        guard let step = components.first else { return self }
        switch (self, step) {
        case (.object(let members), .member(let name)):
            return members.last { $0.name == name }?.value.value(at: components.dropFirst())
        case (.array(let elements), .index(let index)):
            return index < elements.count ? elements[index].value(at: components.dropFirst()) : nil
        default:
            return nil
        }
    }
}

/// One step of a path in the test's own terms, independent of the library's ``AttributePath``.
enum PathStep: Hashable, Sendable {
    case member(String)
    case index(Int)
}
