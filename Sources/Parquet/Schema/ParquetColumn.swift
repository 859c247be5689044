/// One flat leaf column: a name, a physical type, an optional logical type, and whether it may hold nulls.
package struct ParquetColumn: Sendable, Hashable {
    package var name: String
    package var physicalType: PhysicalType
    package var logicalType: LogicalType?
    /// `.required` or `.optional`.
    package var repetition: FieldRepetitionType
    /// Whether BYTE_ARRAY values are dictionary-encoded (until the dictionary passes its limit); ignored for other
    /// types, which are always PLAIN.
    package var usesDictionary: Bool

    package init(
        name: String, physicalType: PhysicalType, logicalType: LogicalType? = nil,
        repetition: FieldRepetitionType = .optional, usesDictionary: Bool = true
    ) {
        self.name = name
        self.physicalType = physicalType
        self.logicalType = logicalType
        self.repetition = repetition
        self.usesDictionary = usesDictionary
    }

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

    /// The `SchemaElement` of this leaf, with both the LogicalType and its ConvertedType (LogicalTypes.md).
    var schemaElement: SchemaElement {
        SchemaElement(
            type: physicalType, repetitionType: repetition, name: name, numChildren: nil,
            convertedType: logicalType?.convertedType, logicalType: logicalType)
    }
}
