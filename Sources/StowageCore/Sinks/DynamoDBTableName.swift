/// The DynamoDB table of a stream, named as Airbyte destination-dynamodb names it.
///
/// Airbyte (`DynamodbOutputTableHelper.getOutputTableName`): the parts `prefix`, `namespace`, `stream`, each one
/// present only when it is not null, joined by `_`; the namespace and stream pass through Airbyte's
/// `StandardNameTransformer.convertStreamName` and the prefix does not. The transform here: each run of ASCII
/// whitespace becomes one `_`, and every other character outside `[A-Za-z0-9_]` becomes `_` (Airbyte first
/// strips accents by NFKD, so its `é` is `e` where Stowage's is `_`). DynamoDB then requires
/// `[a-zA-Z0-9_.-]{3,255}`
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

    /// Airbyte's `convertStreamName`, without its accent stripping (see the type's summary).
    package static func convert(_ name: String) -> String {
        var out = ""
        var inWhitespace = false
        for scalar in name.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\u{0B}", "\u{0C}", "\r":
                if !inWhitespace { out.append("_") }
                inWhitespace = true
                continue
            case "a"..."z", "A"..."Z", "0"..."9", "_":
                out.unicodeScalars.append(scalar)
            default:
                out.append("_")
            }
            inWhitespace = false
        }
        return out
    }

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
