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

    /// The field's number, which may also be given as a string of plain decimal digits (`"200"`, `"0.5"`); outside
    /// its range is a ``ConfigError`` naming the field, the value and the range. The connector spec's pattern for
    /// strings (``DecimalPattern``) accepts exactly the same strings.
    func number(_ field: NumericField) throws(ConfigError) -> Double? {
        guard let value = value(field.key) else { return nil }
        let number: Double?
        let text: String
        switch value {
        case .number(let digits):
            text = digits
            number = Double(digits)
        case .string(let string):
            text = string.trimmingSpaces
            number = Self.plainDecimal(text)
        default: throw wrongType(field.key, field.rangeText)
        }
        guard let number, number.isFinite, number >= field.minimum, number <= field.maximum,
            !field.integer || number == number.rounded()
        else {
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            throw ConfigError(
                "'\(name(field.key))' in the config file '\(source)' is '\(shown)'; set \(field.rangeText).")
        }
        return number
    }

    /// `0`, `12`, `12.5`: digits without a leading zero, and an optional fraction of at least one digit.
    private static func plainDecimal(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        let point = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
        let whole = bytes[..<point]
        let fraction = point < bytes.count ? bytes[(point + 1)...] : []
        let digit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard !whole.isEmpty, whole.allSatisfy(digit), whole.count == 1 || whole.first != UInt8(ascii: "0"),
            point == bytes.count || (!fraction.isEmpty && fraction.allSatisfy(digit))
        else { return nil }
        return Double(text)
    }

    func object(_ key: String) throws(ConfigError) -> FieldReader? {
        guard let value = value(key) else { return nil }
        guard case .object = value else { throw wrongType(key, "an object") }
        return FieldReader(value, source: source, path: name(key))
    }
}
