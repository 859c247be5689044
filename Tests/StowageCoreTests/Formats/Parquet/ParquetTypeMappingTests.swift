import Parquet
import Testing

@testable import StowageCore

@Suite struct ParquetTypeMappingTests {
    static func schema(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    static let typed: [(String, ParquetValueKind)] = [
        (#"{"type":"string"}"#, .string),
        (#"{"type":["null","string"]}"#, .string),
        (#"{"type":["string","null"]}"#, .string),
        (#"{"type":"integer"}"#, .integer),
        (#"{"type":["null","number"],"airbyte_type":"integer"}"#, .integer),
        (#"{"type":"number"}"#, .number),
        (#"{"type":["integer","number","null"]}"#, .number),
        (#"{"type":"boolean"}"#, .boolean),
        (#"{"type":"string","format":"date"}"#, .date),
        (#"{"type":"string","format":"date-time"}"#, .timestamp(withTimeZone: true)),
        (
            #"{"type":"string","format":"date-time","airbyte_type":"timestamp_with_timezone"}"#,
            .timestamp(withTimeZone: true)
        ),
        (
            #"{"type":"string","format":"date-time","airbyte_type":"timestamp_without_timezone"}"#,
            .timestamp(withTimeZone: false)
        ),
        (#"{"type":"string","format":"time","airbyte_type":"time_with_timezone"}"#, .time(withTimeZone: true)),
        (#"{"type":"string","format":"time","airbyte_type":"time_without_timezone"}"#, .time(withTimeZone: false)),
        (#"{"type":"string","format":"time"}"#, .time(withTimeZone: true)),
        (#"{"oneOf":[{"type":"null"},{"type":"integer"}]}"#, .integer),
        (#"{"anyOf":[{"type":"string","format":"date"},{"type":"null"}]}"#, .date),
        (#"{"type":"object","properties":{"a":{"type":"string"}}}"#, .json),
        (#"{"type":["null","array"],"items":{"type":"string"}}"#, .json),
        (#"{"properties":{"a":{}}}"#, .json),
        (#"{}"#, .json),
        (#"{"type":"null"}"#, .json),
    ]

    @Test(arguments: typed)
    func catalogTypesMapToParquetKinds(_ pair: (String, ParquetValueKind)) throws {
        let (kind, fallback) = ParquetTypeMapping.kind(of: try Self.schema(pair.0))
        #expect(kind == pair.1)
        #expect(fallback == nil)
    }

    /// Schemas Stowage cannot type are JSON text with a reason to log, never a failure.
    static let untyped = [
        ##"{"$ref":"#/definitions/x"}"##, #"{"type":"string","not":{}}"#, #"{"type":["string","integer"]}"#,
        #"{"type":"decimal"}"#, #"{"oneOf":[{"type":"string"},{"type":"integer"}]}"#, #"{"type":3}"#, #"5"#,
        #"{"description":"no type"}"#,
    ]

    @Test(arguments: untyped)
    func unknownSchemasBecomeJSONTextWithAReason(_ text: String) throws {
        let (kind, fallback) = ParquetTypeMapping.kind(of: try Self.schema(text))
        #expect(kind == .json)
        #expect(fallback != nil)
    }

    @Test func columnsFollowCSVOrderAndReservedNamesHaveNone() throws {
        let schema = try Self.schema(
            #"{"type":"object","properties":{"b":{"type":"integer"},"a":{"type":"string"},"":{},"_airbyte_ab_id":{},"_airbyte_additional_properties":{},"é":{"type":"boolean"}}}"#
        )
        let stream = Catalog.Stream(
            name: "s", columns: ["", "_airbyte_ab_id", "_airbyte_additional_properties", "a", "b", "é"], schema: schema)
        let layout = ParquetStreamLayout(stream: stream, metadata: MetadataColumns(), dictionaryEncoding: true)
        #expect(layout.dataColumns.map(\.name) == ["a", "b", "é"])
        #expect(layout.dataColumns.map(\.kind) == [.string, .integer, .boolean])
        #expect(
            layout.schema.columns.map(\.name) == [
                "_airbyte_ab_id", "_airbyte_emitted_at", "a", "b", "é", "_airbyte_additional_properties",
            ])
        #expect(layout.schema.columns[0].repetition == .required)
        #expect(layout.schema.columns[1].logicalType == .timestamp(isAdjustedToUTC: true, unit: .millis))
        #expect(layout.schema.columns[2...].allSatisfy { $0.repetition == .optional })
        #expect(String(decoding: layout.dataColumns[2].jsonKey, as: UTF8.self) == #""é":"#)
    }

    @Test func v1MetadataColumnsComeFirst() throws {
        let stream = Catalog.Stream(
            name: "s", columns: ["a"], schema: try Self.schema(#"{"properties":{"a":{"type":"integer"}}}"#))
        let layout = ParquetStreamLayout(
            stream: stream, metadata: MetadataColumns(version: .v1, generationID: 3, syncID: 9),
            dictionaryEncoding: true)
        #expect(
            layout.schema.columns.map(\.name) == [
                "_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_generation_id", "_airbyte_meta", "a",
                "_airbyte_additional_properties",
            ])
        #expect(layout.additionalPropertiesColumn == 5)
    }
}
