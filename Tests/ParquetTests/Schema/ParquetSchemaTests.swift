import Testing

@testable import Parquet

@Suite struct ParquetSchemaTests {
    static let invalid: [[ParquetColumn]] = [
        [],
        [.int64("")],
        [.int64("a"), .string("a")],
        [ParquetColumn(name: "a", physicalType: .int64, logicalType: .string)],
        [ParquetColumn(name: "a", physicalType: .int32, logicalType: .timestamp(isAdjustedToUTC: true, unit: .micros))],
        [ParquetColumn(name: "a", physicalType: .int32, logicalType: .integer(bitWidth: 64, isSigned: true))],
        [ParquetColumn(name: "a", physicalType: .int32, logicalType: .integer(bitWidth: 32, isSigned: false))],
        [ParquetColumn(name: "a", physicalType: .int32, logicalType: .integer(bitWidth: 12, isSigned: true))],
        [ParquetColumn(name: "a", physicalType: .int64, repetition: .repeated)],
    ]

    @Test(arguments: invalid)
    func rejectsSchemasItCannotWrite(columns: [ParquetColumn]) {
        #expect(throws: ParquetError.self) { try ParquetSchema(columns) }
    }

    @Test func errorMessagesNameTheValue() {
        #expect {
            try ParquetSchema([.int64("dup"), .int64("dup")])
        } throws: { error in
            let error = error as? ParquetError
            return error?.code == .invalidSchema
                && error?.message == "The Parquet column name 'dup' appears twice; make names unique."
        }
    }

    @Test func theRootCountsItsChildren() throws {
        let elements = try ParquetSchema([.int64("a"), .string("b", repetition: .required)]).schemaElements
        #expect(elements.count == 3)
        #expect(elements[0].numChildren == 2 && elements[0].type == nil && elements[0].repetitionType == nil)
        #expect(elements[2].convertedType == .utf8 && elements[2].repetitionType == .required)
    }
}
