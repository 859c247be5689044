/// A validated flat schema: a root group holding the leaf columns in order.
package struct ParquetSchema: Sendable, Hashable {
    package let columns: [ParquetColumn]
    /// The root element's name.
    package let rootName: String

    /// Checks the columns: at least one, distinct non-empty names, logical types on allowed physical types, no
    /// unsigned integers (their statistics would need unsigned order) and no REPEATED leaves (lists are built with
    /// ``ParquetColumn/list(_:of:logicalType:elementRepetition:repetition:)``).
    package init(_ columns: [ParquetColumn], rootName: String = "schema") throws(ParquetError) {
        guard !columns.isEmpty else {
            throw ParquetError(.invalidSchema, "The Parquet schema has no columns; add at least one column.")
        }
        var seen = Set<String>()
        for column in columns {
            guard !column.name.isEmpty else {
                throw ParquetError(.invalidSchema, "A Parquet column has an empty name; give every column a name.")
            }
            guard seen.insert(column.name).inserted else {
                throw ParquetError(
                    .invalidSchema, "The Parquet column name '\(column.name)' appears twice; make names unique.")
            }
            guard column.repetition != .repeated, column.listElementRepetition != .repeated else {
                throw ParquetError(
                    .invalidSchema,
                    "The Parquet column '\(column.name)' is REPEATED; columns and list elements must be REQUIRED or "
                        + "OPTIONAL.")
            }
            if let logical = column.logicalType {
                guard logical.annotates(column.physicalType) else {
                    throw ParquetError(
                        .invalidSchema,
                        "The Parquet column '\(column.name)' annotates \(column.physicalType) with \(logical); "
                            + "use the physical type LogicalTypes.md allows.")
                }
                if case .integer(let bits, let signed) = logical {
                    guard [8, 16, 32, 64].contains(bits), signed else {
                        throw ParquetError(
                            .invalidSchema,
                            "The Parquet column '\(column.name)' has integer type '\(signed ? "" : "u")int\(bits)'; "
                                + "use a signed width of 8, 16, 32 or 64.")
                    }
                }
            }
        }
        self.columns = columns
        self.rootName = rootName
    }

    /// The schema in depth-first order: the root with `num_children`, then the leaves.
    var schemaElements: [SchemaElement] {
        [SchemaElement(name: rootName, numChildren: Int32(columns.count))] + columns.flatMap(\.schemaElements)
    }
}
