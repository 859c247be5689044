import Testing

@testable import Parquet

/// Golden bytes for the LogicalType union and its ConvertedType, from parquet.thrift's field ids.
@Suite struct LogicalTypeTests {
    static func encode(_ type: LogicalType) -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.write(type)
        return writer.bytes
    }

    static let cases: [(LogicalType, [UInt8], ConvertedType?)] = [
        // STRING (1): empty StringType.
        (.string, [0x1C, 0x00, 0x00], .utf8),
        // DATE (6).
        (.date, [0x6C, 0x00, 0x00], .date),
        // TIMESTAMP (8) {isAdjustedToUTC (1) true, unit (2, a delta of 1) TimeUnit{MICROS (2) {}}}.
        (
            .timestamp(isAdjustedToUTC: true, unit: .micros), [0x8C, 0x11, 0x1C, 0x2C, 0x00, 0x00, 0x00, 0x00],
            .timestampMicros
        ),
        // TIMESTAMP {false, MILLIS (1)}.
        (
            .timestamp(isAdjustedToUTC: false, unit: .millis), [0x8C, 0x12, 0x1C, 0x1C, 0x00, 0x00, 0x00, 0x00],
            .timestampMillis
        ),
        // TIME (7) {false, MICROS}.
        (.time(isAdjustedToUTC: false), [0x7C, 0x12, 0x1C, 0x2C, 0x00, 0x00, 0x00, 0x00], .timeMicros),
        // INTEGER (10) {bitWidth i8 64, isSigned true}.
        (.integer(bitWidth: 64, isSigned: true), [0xAC, 0x13, 0x40, 0x11, 0x00, 0x00], .int64),
        (.integer(bitWidth: 16, isSigned: true), [0xAC, 0x13, 0x10, 0x11, 0x00, 0x00], .int16),
    ]

    @Test(arguments: cases)
    func encodesTheUnionMemberAndKnowsItsConvertedType(
        type: LogicalType, expected: [UInt8], converted: ConvertedType?
    ) {
        #expect(Self.encode(type) == expected)
        #expect(type.convertedType == converted)
    }

    @Test func pageHeaderGoldenBytes() {
        var writer = ThriftCompactWriter()
        writer.write(
            PageHeader(
                type: .dataPage, uncompressedPageSize: 100, compressedPageSize: 70,
                dataPageHeader: DataPageHeader(numValues: 8, encoding: .rleDictionary)))
        // type 0; sizes zigzag 200 = 0xC8 0x01 and 140 = 0x8C 0x01; field 5 struct {8 → 16, 8 → 16, 3 → 6, 3 → 6}.
        #expect(
            writer.bytes == [
                0x15, 0x00, 0x15, 0xC8, 0x01, 0x15, 0x8C, 0x01, 0x2C, 0x15, 0x10, 0x15, 0x10, 0x15, 0x06, 0x15, 0x06,
                0x00, 0x00,
            ])
    }
}
