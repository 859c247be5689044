extension FieldReader {
    /// The field's value as it was parsed, for values with a shape of their own (`transforms`); nil when absent
    /// or null.
    func json(_ key: String) -> JSONValue? {
        guard let value = members.first(where: { $0.0 == key })?.1, value != .null else { return nil }
        return value
    }
}
