import Foundation
import Testing

@testable import StowageCore

@Suite struct JSONLEncoderTests {
    static func encode(
        _ data: [String], flattening: Configuration.Flattening, metadata: MetadataColumns = MetadataColumns(),
        emittedAt: String = "1700000000000"
    ) throws -> [String] {
        let lines = data.map {
            #"{"type":"RECORD","record":{"stream":"s","data":"# + $0 + #","emitted_at":\#(emittedAt)}}"#
        }
        let text = try Encoding.text(lines, JSONLEncoder(flattening: flattening, metadata: metadata))
        #expect(text.isEmpty || text.hasSuffix("\n"))
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    static func object(_ text: String) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    @Test(arguments: CSVEncoderTests.tricky)
    func noFlatteningWrapsTheDataUnchanged(_ data: String) throws {
        let lines = try Self.encode([data], flattening: .none, emittedAt: "42")
        try #require(lines.count == 1)
        let line = try Self.object(lines[0])
        #expect(line.count == 3)
        #expect(UUID(uuidString: line["_airbyte_ab_id"] as! String) != nil)
        #expect(line["_airbyte_emitted_at"] as? Int == 42)
        #expect(line["_airbyte_data"] as? NSDictionary == (try Self.object(data)))
        #expect(lines[0].hasPrefix(#"{"_airbyte_ab_id":""#))
        #expect(!lines[0].contains(" : "), "whitespace between tokens is gone")
    }

    @Test(arguments: CSVEncoderTests.tricky)
    func rootLevelFlatteningKeepsEveryMemberAtTheTop(_ data: String) throws {
        let lines = try Self.encode([data], flattening: .rootLevel)
        let line = try Self.object(lines[0])
        let expected = try Self.object(data)
        #expect(line.count == expected.count + 2)
        for (key, value) in expected { #expect(line[key] as? NSObject == value as? NSObject, "\(key)") }
    }

    @Test func numbersAndStringsStayByteForByte() throws {
        let data = #"{"f":1.50,"e":-2.5E+3,"big":123456789012345678901234567890,"s":"é\u00e9\n","z":-0.0}"#
        let lines = try Self.encode([data], flattening: .rootLevel)
        #expect(
            lines[0].hasSuffix(#""f":1.50,"e":-2.5E+3,"big":123456789012345678901234567890,"s":"é\u00e9\n","z":-0.0}"#))
        let none = try Self.encode([data], flattening: .none)
        #expect(none[0].hasSuffix(#""_airbyte_data":\#(data)}"#))
    }

    @Test func whitespaceIsRemovedOutsideStringsOnly() throws {
        let data = "{ \"a\" : [ 1 , 2 ] ,\t\"b\" : \"x  y\" , \"c\" : { \"d\" : \" \\\" \" } }"
        let none = try Self.encode([data], flattening: .none)
        #expect(none[0].hasSuffix(#""_airbyte_data":{"a":[1,2],"b":"x  y","c":{"d":" \" "}}}"#))
        let flat = try Self.encode([data], flattening: .rootLevel)
        #expect(flat[0].hasSuffix(#","a":[1,2],"b":"x  y","c":{"d":" \" "}}"#))
    }

    @Test func compactDataFlattensLikeTheSameDataWithWhitespace() throws {
        // Compact data is copied between its braces in one piece; data with whitespace member by member.
        let compact = #"{"a":1,"b":{"c":[1,"x y"]},"d":"\u00e9","e":null}"#
        let spaced = #"{"a":1, "b":{"c":[1,"x y"]},"d":"\u00e9","e":null}"#
        let lines = try Self.encode([compact, spaced], flattening: .rootLevel)
        let suffix = #"","_airbyte_emitted_at":1700000000000,"a":1,"b":{"c":[1,"x y"]},"d":"\u00e9","e":null}"#
        #expect(lines.count == 2)
        for line in lines { #expect(line.hasSuffix(suffix), "\(line)") }
    }

    @Test func dataNamedLikeAMetadataColumnMovesIntoAdditionalProperties() throws {
        let data = #"{"_airbyte_ab_id":"mine","id":1,"_airbyte_emitted_at":5,"_airbyte_raw_id":"r"}"#
        let line = try Self.object(try Self.encode([data], flattening: .rootLevel)[0])
        #expect(line["_airbyte_ab_id"] as? String != "mine")
        #expect(line["_airbyte_emitted_at"] as? Int == 1_700_000_000_000)
        #expect(line["id"] as? Int == 1)
        #expect(
            line["_airbyte_additional_properties"] as? NSDictionary
                == ["_airbyte_ab_id": "mine", "_airbyte_emitted_at": 5, "_airbyte_raw_id": "r"] as NSDictionary)
    }

    @Test func v1MetadataColumns() throws {
        let metadata = MetadataColumns(version: .v1, generationID: 3, syncID: 77)
        let lines = try Self.encode([#"{"a":1}"#], flattening: .none, metadata: metadata)
        #expect(lines[0].hasPrefix(#"{"_airbyte_raw_id":""#))
        let line = try Self.object(lines[0])
        #expect(line["_airbyte_extracted_at"] as? Int == 1_700_000_000_000)
        #expect(line["_airbyte_generation_id"] as? Int == 3)
        #expect(line["_airbyte_meta"] as? NSDictionary == ["sync_id": 77, "changes": []] as NSDictionary)
        #expect(line["_airbyte_data"] as? NSDictionary == ["a": 1] as NSDictionary)
    }

    @Test func anEmptyDataObjectStillMakesAValidLine() throws {
        for flattening in [Configuration.Flattening.none, .rootLevel] {
            let line = try Self.object(try Self.encode(["{}"], flattening: flattening)[0])
            #expect(line.count == (flattening == .none ? 3 : 2))
        }
    }
}
