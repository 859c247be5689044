/// One leaf column: a name, a physical type, an optional logical type and whether it may hold nulls; flat, or a
/// 3-level LIST of such values.
package struct ParquetColumn: Sendable, Hashable {
    package var name: String
    package var physicalType: PhysicalType
    package var logicalType: LogicalType?
    /// `.required` or `.optional`: of the value, or of the whole list for a LIST column.
    package var repetition: FieldRepetitionType
    /// Whether BYTE_ARRAY values are dictionary-encoded (until the dictionary passes its limit); ignored for other
    /// types, which are always PLAIN.
    package var usesDictionary: Bool
    /// For a LIST column, whether its elements may be null (`.required` or `.optional`); nil for a flat column.
    package var listElementRepetition: FieldRepetitionType?

    package init(
        name: String, physicalType: PhysicalType, logicalType: LogicalType? = nil,
        repetition: FieldRepetitionType = .optional, usesDictionary: Bool = true,
        listElementRepetition: FieldRepetitionType? = nil
    ) {
        self.name = name
        self.physicalType = physicalType
        self.logicalType = logicalType
        self.repetition = repetition
        self.usesDictionary = usesDictionary
        self.listElementRepetition = listElementRepetition
    }

    /// A 3-level LIST of primitive elements (LogicalTypes.md, "Lists"):
    /// `<repetition> group <name> (LIST) { repeated group list { <elementRepetition> <type> element; } }`.
    package static func list(
        _ name: String, of physicalType: PhysicalType, logicalType: LogicalType? = nil,
        elementRepetition: FieldRepetitionType = .optional, repetition: FieldRepetitionType = .optional
    ) -> Self {
        Self(
            name: name, physicalType: physicalType, logicalType: logicalType, repetition: repetition,
            listElementRepetition: elementRepetition)
    }

    /// Whether this is a LIST column.
    var isList: Bool { listElementRepetition != nil }

    /// The leaf's maximum definition level: one per OPTIONAL or REPEATED node on its path.
    var maxDefinitionLevel: Int {
        (repetition == .optional ? 1 : 0) + (isList ? 1 + (listElementRepetition == .optional ? 1 : 0) : 0)
    }

    /// The leaf's path from the root's child: `[name]`, or `[name, "list", "element"]` for a LIST.
    var path: [String] { isList ? [name, "list", "element"] : [name] }

    /// A UTF-8 string column (BYTE_ARRAY annotated STRING / UTF8).
    package static func string(_ name: String, repetition: FieldRepetitionType = .optional) -> Self {
        Self(name: name, physicalType: .byteArray, logicalType: .string, repetition: repetition)
    }

    /// A 64-bit signed integer column without annotation.
    package static func int64(_ name: String, repetition: FieldRepetitionType = .optional) -> Self {
        Self(name: name, physicalType: .int64, repetition: repetition)
    }

    /// A double column.
    package static func double(_ name: String, repetition: FieldRepetitionType = .optional) -> Self {
        Self(name: name, physicalType: .double, repetition: repetition)
    }

    /// A boolean column.
    package static func boolean(_ name: String, repetition: FieldRepetitionType = .optional) -> Self {
        Self(name: name, physicalType: .boolean, repetition: repetition)
    }

    /// A date column: INT32 days since 1970-01-01.
    package static func date(_ name: String, repetition: FieldRepetitionType = .optional) -> Self {
        Self(name: name, physicalType: .int32, logicalType: .date, repetition: repetition)
    }

    /// A timestamp column: INT64 in `unit` since the Unix epoch.
    package static func timestamp(
        _ name: String, isAdjustedToUTC: Bool = true, unit: LogicalType.TimeUnit = .micros,
        repetition: FieldRepetitionType = .optional
    ) -> Self {
        Self(
            name: name, physicalType: .int64, logicalType: .timestamp(isAdjustedToUTC: isAdjustedToUTC, unit: unit),
            repetition: repetition)
    }

    /// This column's `SchemaElement`s, depth first, each with both its LogicalType and ConvertedType
    /// (LogicalTypes.md): the leaf, or for a LIST the annotated group, the repeated `list` group and the leaf.
    var schemaElements: [SchemaElement] {
        guard let elementRepetition = listElementRepetition else {
            return [
                SchemaElement(
                    type: physicalType, repetitionType: repetition, name: name, numChildren: nil,
                    convertedType: logicalType?.convertedType, logicalType: logicalType)
            ]
        }
        return [
            SchemaElement(
                type: nil, repetitionType: repetition, name: name, numChildren: 1, convertedType: .list,
                logicalType: .list),
            SchemaElement(type: nil, repetitionType: .repeated, name: "list", numChildren: 1),
            SchemaElement(
                type: physicalType, repetitionType: elementRepetition, name: "element", numChildren: nil,
                convertedType: logicalType?.convertedType, logicalType: logicalType),
        ]
    }
}
