/// The DynamoDB table of a stream, named as Airbyte destination-dynamodb names it.
///
/// Airbyte (`DynamodbOutputTableHelper.getOutputTableName`): the parts `prefix`, `namespace`, `stream`, each one
/// present only when it is not null, joined by `_`; the namespace and stream pass through Airbyte's
/// `StandardNameTransformer.convertStreamName` (`Names.toAlphanumericAndUnderscore`) and the prefix does not.
/// That transform: Unicode NFKD, combining marks dropped, each run of ASCII whitespace to one `_`, and every
/// other character outside `[A-Za-z0-9_]` to `_`. Here the NFKD step is a generated table
/// (`DynamoDBTableName+Decompositions.swift`) plus Hangul's rule, so `é` is `e`, `ﬁ` is `fi` and `한` is `__`.
/// DynamoDB then requires `[a-zA-Z0-9_.-]{3,255}`
/// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html): a
/// prefix with other characters is a config error, and so is a name shorter than 3 or longer than 255.
package enum DynamoDBTableName {
    package static let lengths = 3...255

    /// `prefix_namespace_stream`, without the parts that are nil.
    package static func name(prefix: String?, namespace: String?, stream: String) -> String {
        var parts: [String] = []
        if let prefix { parts.append(prefix) }
        if let namespace { parts.append(convert(namespace)) }
        parts.append(convert(stream))
        return parts.joined(separator: "_")
    }

    /// Airbyte's `convertStreamName` (see the type's summary).
    package static func convert(_ name: String) -> String {
        var out = ""
        var inWhitespace = false
        func emit(_ scalar: Unicode.Scalar) {
            switch scalar {
            case " ", "\t", "\n", "\u{0B}", "\u{0C}", "\r":
                if !inWhitespace { out.append("_") }
                inWhitespace = true
                return
            case "a"..."z", "A"..."Z", "0"..."9", "_":
                out.unicodeScalars.append(scalar)
            default:
                out.append("_")
            }
            inWhitespace = false
        }
        for scalar in name.unicodeScalars {
            if scalar.isASCII {
                emit(scalar)
                continue
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue  // NFKD keeps marks apart, and Airbyte drops them
            default:
                break
            }
            if (0xAC00...0xD7A3).contains(scalar.value) {
                // A Hangul syllable decomposes into a leading and a vowel jamo, and a trailing one unless none.
                let jamo = (scalar.value - 0xAC00) % 28 == 0 ? 2 : 3
                for _ in 0..<jamo { emit("_") }
            } else if let result = decompositions[scalar.value] {
                for part in result.unicodeScalars { emit(part) }
            } else {
                emit("_")
            }
        }
        return out
    }

    /// ``decompositionTable`` parsed: a scalar's value to what the transform makes of it.
    static let decompositions: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        for entry in decompositionTable.split(separator: ";") {
            let trimmed = entry.drop { $0 == "\n" }
            guard let equals = trimmed.firstIndex(of: "="), let value = UInt32(trimmed[..<equals], radix: 16) else {
                continue
            }
            table[value] = String(trimmed[trimmed.index(after: equals)...])
        }
        return table
    }()

    /// The table of `stream`, or a ``ConfigError`` naming the stream when DynamoDB would refuse the name.
    package static func table(for stream: Catalog.Stream, prefix: String?) throws(ConfigError) -> String {
        let table = name(prefix: prefix, namespace: stream.namespace, stream: stream.name)
        guard lengths.contains(table.utf8.count) else {
            let shown = table.count > 40 ? String(table.prefix(40)) + "…" : table
            throw ConfigError(
                "Stream '\(stream.displayName)' would write into table '\(shown)', but DynamoDB table names are 3 to 255 characters long; \(table.utf8.count < 3 ? "set a longer 'dynamodb_table_name_prefix'" : "shorten the stream or namespace name, or 'dynamodb_table_name_prefix'").",
                streams: [stream.descriptor])
        }
        return table
    }
}
