/// Maps one property's JSON schema to a ``ParquetValueKind``, following Airbyte's JSON-schema types
/// (https://docs.airbyte.com/understanding-airbyte/supported-data-types) and the format notes' table.
///
/// Nothing here fails: a schema Stowage cannot type (unknown `type`, `$ref`, `not`, several non-null types)
/// becomes ``ParquetValueKind/json`` with a reason, which the sink logs once per stream.
enum ParquetTypeMapping {
    /// The kind of a property whose schema is `schema`, and why it fell back to JSON text when it did for a
    /// reason worth a warning (objects and arrays are JSON text by design, without one).
    static func kind(of schema: JSONValue) -> (kind: ParquetValueKind, fallback: String?) {
        guard case .object = schema else {
            return (.json, schema == .bool(true) ? nil : "its schema is not an object")
        }
        if schema["$ref"] != nil { return (.json, "it uses '$ref'") }
        if schema["not"] != nil { return (.json, "it uses 'not'") }
        var types: [String] = []
        switch schema["type"] {
        case .string(let type)?:
            types = [type]
        case .array(let items)?:
            for item in items {
                guard case .string(let type) = item else { return (.json, "its 'type' lists a non-string") }
                if !types.contains(type) { types.append(type) }
            }
        case nil:
            for key in ["oneOf", "anyOf"] {
                guard case .array(let options)? = schema[key] else { continue }
                let nonNull = options.filter { $0["type"] != .string("null") }
                if nonNull.count == 1 { return kind(of: nonNull[0]) }
                return (.json, nonNull.isEmpty ? nil : "its '\(key)' has \(nonNull.count) non-null options")
            }
            if schema["properties"] != nil || schema["items"] != nil { return (.json, nil) }
            return (.json, schema.objectMembers?.isEmpty == true ? nil : "it has no 'type'")
        default:
            return (.json, "its 'type' is neither a string nor a list")
        }
        let nonNull = types.filter { $0 != "null" }
        if nonNull.isEmpty { return (.json, nil) }
        if Set(nonNull) == ["integer", "number"] { return (.number, nil) }
        guard nonNull.count == 1 else {
            return (.json, "it may be any of \(nonNull.map { "'\($0)'" }.joined(separator: ", "))")
        }
        let airbyteType = schema["airbyte_type"]?.stringValue
        switch nonNull[0] {
        case "string":
            switch (schema["format"]?.stringValue, airbyteType) {
            case ("date", _), (_, "date"): return (.date, nil)
            case (_, "timestamp_without_timezone"): return (.timestamp(withTimeZone: false), nil)
            case ("date-time", _), (_, "timestamp_with_timezone"): return (.timestamp(withTimeZone: true), nil)
            case (_, "time_without_timezone"): return (.time(withTimeZone: false), nil)
            case ("time", _), (_, "time_with_timezone"): return (.time(withTimeZone: true), nil)
            default: return (.string, nil)
            }
        case "integer": return (.integer, nil)
        case "number": return (airbyteType == "integer" ? .integer : .number, nil)
        case "boolean": return (.boolean, nil)
        case "object", "array": return (.json, nil)
        default: return (.json, "its type '\(nonNull[0])' is unknown")
        }
    }
}
