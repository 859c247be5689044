import Parquet
import Testing

@testable import StowageCore

@Suite struct ParquetEncoderTests {
    static func encode(_ data: [String], schema: String, settings: ParquetSettings = ParquetSettings()) throws
        -> [UInt8]
    {
        let json = try JSONValue.parse(Array(#"{"type":"object","properties":\#(schema)}"#.utf8))
        let columns = (json["properties"]?.objectMembers ?? []).map(\.0).sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
        let layout = ParquetStreamLayout(
            stream: Catalog.Stream(name: "s", columns: columns, schema: json), metadata: MetadataColumns(),
            dictionaryEncoding: settings.dictionaryEncoding)
        let encoder = ParquetEncoder(layout: layout, settings: settings, streamName: "s")
        let lines = data.map { #"{"type":"RECORD","record":{"stream":"s","data":\#($0),"emitted_at":1700000000000}}"# }
        return Array(try Encoding.text(lines, encoder).utf8)
    }

    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= bytes.count else { return false }
        return (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<$0 + needle.count]) == needle }
    }

    static var plain: ParquetSettings {
        var settings = ParquetSettings()
        settings.dictionaryEncoding = false
        return settings
    }

    @Test func aFileIsMagicPagesAndAFooterNamingStowage() throws {
        let bytes = try Self.encode([#"{"a":"x"}"#], schema: #"{"a":{"type":"string"}}"#, settings: Self.plain)
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8))
        #expect(Array(bytes.suffix(4)) == Array("PAR1".utf8))
        #expect(Self.contains(bytes, "stowage version \(StowageVersion.number)"))
        #expect(Self.contains(bytes, "_airbyte_additional_properties"))
    }

    @Test func valuesThatDoNotFitAreKeptUnderTheirNames() throws {
        let bytes = try Self.encode(
            [#"{"n":"12","b":1,"d":"2024-02-30","extra":{"k": [1, 2]},"ok":5}"#],
            schema:
                #"{"n":{"type":"integer"},"b":{"type":"boolean"},"d":{"type":"string","format":"date"},"ok":{"type":"integer"}}"#,
            settings: Self.plain)
        #expect(Self.contains(bytes, #"{"extra":{"k":[1,2]},"b":1,"d":"2024-02-30","n":"12"}"#))
    }

    @Test func aRecordWithNothingToKeepHasANullAdditionalProperties() throws {
        let bytes = try Self.encode([#"{"a":"x"}"#], schema: #"{"a":{"type":"string"}}"#, settings: Self.plain)
        #expect(!Self.contains(bytes, "{\""))
    }

    @Test func manyRowsMakeSeveralRowGroupsAtTheBlockSize() throws {
        var settings = Self.plain
        settings.blockSizeMB = 1
        let rows = (0..<30_000).map { #"{"i":\#($0),"s":"row \#($0) of the test, long enough to fill pages"}"# }
        let bytes = try Self.encode(
            rows, schema: #"{"i":{"type":"integer"},"s":{"type":"string"}}"#, settings: settings)
        #expect(bytes.count > 1 << 20)
        #expect(Array(bytes.suffix(4)) == Array("PAR1".utf8))
    }

    @Test(arguments: [(0, "00:00:00"), (86_399_999_999, "23:59:59.999999"), (37_800_500_000, "10:30:00.500000")])
    func timesAreWrittenAsHHMMSSWithMicroseconds(_ pair: (Int64, String)) {
        var out = [UInt8](repeating: 0, count: 16)
        let n = out.withUnsafeMutableBufferPointer { ParquetEncoder.writeTime(pair.0, to: $0.baseAddress!) }
        #expect(String(decoding: out[0..<n], as: UTF8.self) == pair.1)
    }

    @Test func pageLimitsShrinkWithTheSchemasWidth() {
        let wide = (0..<500).map { "c\($0)" }
        let layout = ParquetStreamLayout(
            stream: Catalog.Stream(name: "s", columns: wide), metadata: MetadataColumns(), dictionaryEncoding: true)
        let options = ParquetEncoder.writerOptions(layout: layout, settings: ParquetSettings(), streamName: "s")
        #expect(options.pageSizeLimit == 64 << 10)
        #expect(options.dictionarySizeLimit == 64 << 10)
        let narrow = ParquetStreamLayout(
            stream: Catalog.Stream(name: "s", columns: ["a"]), metadata: MetadataColumns(), dictionaryEncoding: true)
        let defaults = ParquetEncoder.writerOptions(layout: narrow, settings: ParquetSettings(), streamName: "s")
        #expect(defaults.pageSizeLimit == 1 << 20)
        #expect(defaults.createdBy.hasPrefix("stowage version "))
    }
}
