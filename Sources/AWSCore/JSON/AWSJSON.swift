/// A JSON value as AWS JSON protocols exchange it: a tree, numbers kept as their lexical text.
///
/// Small on purpose: it reads API answers (a DynamoDB page is at most 1 MB) and writes request fragments.
/// Records never pass through it; they stay bytes. ``parse(_:)`` reads a document, ``write(into:)`` renders
/// one, with object members in key order so that the output is deterministic.
package enum AWSJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text exactly as written, e.g. `"1E+3"`; never converted through `Double`.
    case number(String)
    case string(String)
    case array([AWSJSON])
    case object([String: AWSJSON])

    /// The member `key` of an object; nil for a missing member or a value that is not an object.
    package subscript(key: String) -> AWSJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }

    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    package var arrayValue: [AWSJSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    package var objectValue: [String: AWSJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The value rendered as compact JSON.
    package var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    /// Appends the value as compact JSON, object members sorted by key.
    package func write(into out: inout [UInt8]) {
        switch self {
        case .null:
            out += "null".utf8
        case .bool(let value):
            out += (value ? "true" : "false").utf8
        case .number(let text):
            out += text.utf8
        case .string(let value):
            AWSJSON.writeString(value, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                element.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                AWSJSON.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                members[key]!.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `value` as a JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7).
    package static func writeString(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += #"\u00"#.utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
