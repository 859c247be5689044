/// Typed access to one JSON object of the config, with errors that name the field and the file.
package struct FieldReader {
    let members: [(String, JSONValue)]
    let source: String
    let path: String

    init(_ value: JSONValue, source: String, path: String) {
        self.members = value.objectMembers ?? []
        self.source = source
        self.path = path
    }

    /// The field's name as a user reads it: `format.compression.compression_type`.
    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The object's member names, in order.
    var keys: [String] { members.map(\.0) }

    private func value(_ key: String) -> JSONValue? {
        guard let value = members.first(where: { $0.0 == key })?.1, value != .null else { return nil }
        return value
    }

    private func wrongType(_ key: String, _ expected: String) -> ConfigError {
        ConfigError("'\(name(key))' in the config file '\(source)' must be \(expected); correct its value.")
    }

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let s) = value else { throw wrongType(key, "a string") }
        return s
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let b) = value else { throw wrongType(key, "true or false") }
        return b
    }

    /// The field's number, which may also be given as a string (`"200"`); outside its range is a ``ConfigError``
    /// naming the field, the value and the range.
    func number(_ field: NumericField) throws(ConfigError) -> Double? {
        guard let value = value(field.key) else { return nil }
        let text: String
        switch value {
        case .number(let digits): text = digits
        case .string(let string): text = string.trimmingSpaces
        default: throw wrongType(field.key, field.rangeText)
        }
        guard let number = Self.decimal(text), number >= field.minimum, number <= field.maximum,
            !field.integer || number == number.rounded()
        else {
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            throw ConfigError(
                "'\(name(field.key))' in the config file '\(source)' is '\(shown)'; set \(field.rangeText).")
        }
        return number
    }

    /// A finite decimal number in JSON's grammar (no `inf`, `nan` or hex), or nil.
    private static func decimal(_ text: String) -> Double? {
        let allowed = text.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte | 0x20 == UInt8(ascii: "e")
        }
        guard allowed, let number = Double(text), number.isFinite else { return nil }
        return number
    }

    func object(_ key: String) throws(ConfigError) -> FieldReader? {
        guard let value = value(key) else { return nil }
        guard case .object = value else { throw wrongType(key, "an object") }
        return FieldReader(value, source: source, path: name(key))
    }
}
