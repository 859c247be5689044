/// A JSON document as a tree, for the small files (config, catalog) and the messages Stowage writes itself.
///
/// Records never become `JSONValue`s: they stay bytes (see ``JSONScanner``). Objects keep member order.
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text, exactly as written, so nothing is lost to floating point.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The value of the first member named `key`, when this is an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    package var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    package var objectMembers: [(String, JSONValue)]? {
        if case .object(let m) = self { return m }
        return nil
    }

    /// Parses a whole document.
    package static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in
            var scanner = JSONScanner(buffer)
            let value = try scanner.tree(in: buffer)
            try scanner.expectEnd()
            return value
        }
    }
}

extension JSONScanner {
    fileprivate mutating func tree(in line: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard position < count else {
            throw JSONSyntaxError(offset: position, reason: "expected a value but the input ended")
        }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var members: [(String, JSONValue)] = []
            var first = true
            while let key = try nextKey(first: &first) {
                members.append((JSONString.text(of: key, in: line), try tree(in: line)))
            }
            return .object(members)
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSONValue] = []
            var first = true
            while try nextElement(first: &first) {
                elements.append(try tree(in: line))
            }
            return .array(elements)
        default:
            let span = try value()
            switch span.kind {
            case .string: return .string(JSONString.text(of: span, in: line))
            case .number:
                return .number(
                    String(decoding: UnsafeBufferPointer(rebasing: line[span.start..<span.end]), as: UTF8.self))
            case .true: return .bool(true)
            case .false: return .bool(false)
            default: return .null
            }
        }
    }
}

extension JSONValue {
    /// Compact JSON text, members in their order.
    package var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let elements):
            out += "["
            for (i, e) in elements.enumerated() {
                if i > 0 { out += "," }
                e.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (k, v)) in members.enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeString(k, to: &out)
                out += ":"
                v.write(to: &out)
            }
            out += "}"
        }
    }

    /// Appends `s` as a JSON string literal.
    package static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
