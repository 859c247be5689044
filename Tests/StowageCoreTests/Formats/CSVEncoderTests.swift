import Foundation
import Testing

@testable import StowageCore

@Suite struct CSVEncoderTests {
    /// Encodes record lines (whole RECORD messages) and returns the CSV text with header.
    static func encode(
        _ lines: [String], columns: [String], flattening: Configuration.Flattening,
        metadata: MetadataColumns = MetadataColumns()
    ) throws -> String {
        try Encoding.text(lines, CSVEncoder(columns: columns, flattening: flattening, metadata: metadata))
    }

    static func record(_ data: String, emittedAt: Int = 1_700_000_000_000) -> String {
        #"{"type":"RECORD","record":{"stream":"s","data":"# + data + #","emitted_at":\#(emittedAt)}}"#
    }

    static let tricky: [String] = [
        #"{"a":"plain","b":1,"c":true}"#,
        #"{"a":"with, comma","b":-1.5e3,"c":false}"#,
        #"{"a":"quote \" inside","b":0,"c":null}"#,
        #"{"a":"line\nbreak\r\nand tab\t","b":12345678901234567890}"#,
        #"{"a":"unicode é 日本 😀 \u00e9 \ud83d\ude00 \u0022quoted\u0022","c":{"nested":[1,"x,y",{"q":"\""}]}}"#,
        #"{ "a" : "spaced" , "c" : [ 1 , 2 ] , "zz" : { "k" : "v" } }"#,
        #"{"a":"","b":null}"#,
        #"{}"#,
        #"{"zextra":"not declared","a":"x","other":[1,2]}"#,
        #"{"a\u00e9":"escaped key","a":"x"}"#,
    ]

    @Test func aLoneSurrogateBecomesTheReplacementCharacter() throws {
        let csv = try Self.encode(
            [Self.record(#"{"a":"lone \ud800 surrogate"}"#)], columns: ["a"], flattening: .rootLevel)
        #expect(CSVReader.rows(csv)[1][2] == "lone \u{FFFD} surrogate")
    }

    @Test(arguments: tricky)
    func rootLevelFlatteningReadsBackIdentically(_ data: String) throws {
        let columns = ["a", "aé", "b", "c"]
        let csv = try Self.encode([Self.record(data)], columns: columns, flattening: .rootLevel)
        let rows = CSVReader.rows(csv)
        try #require(rows.count == 2)
        #expect(rows[0] == ["_airbyte_ab_id", "_airbyte_emitted_at"] + columns + ["_airbyte_additional_properties"])
        let row = rows[1]
        try #require(row.count == columns.count + 3)
        #expect(UUID(uuidString: row[0]) != nil)
        #expect(row[1] == "1700000000000")
        let object = try #require(JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
        for (i, column) in columns.enumerated() {
            Self.expectField(row[i + 2], equals: object[column], column: column)
        }
        let extras = object.filter { !columns.contains($0.key) }
        if extras.isEmpty {
            #expect(row.last == "")
        } else {
            let parsed = try #require(JSONSerialization.jsonObject(with: Data(row.last!.utf8)) as? NSDictionary)
            #expect(parsed == extras as NSDictionary)
        }
    }

    @Test(arguments: tricky)
    func noFlatteningKeepsTheWholeObject(_ data: String) throws {
        let csv = try Self.encode([Self.record(data, emittedAt: 42)], columns: ["a"], flattening: .none)
        let rows = CSVReader.rows(csv)
        try #require(rows.count == 2)
        #expect(rows[0] == ["_airbyte_ab_id", "_airbyte_emitted_at", "_airbyte_data"])
        #expect(rows[1][1] == "42")
        let expected = try JSONSerialization.jsonObject(with: Data(data.utf8)) as! NSDictionary
        let written = try #require(JSONSerialization.jsonObject(with: Data(rows[1][2].utf8)) as? NSDictionary)
        #expect(written == expected)
        #expect(!rows[1][2].contains(" : "), "data is compact")
    }

    static func expectField(_ field: String, equals value: Any?, column: String) {
        switch value {
        case nil, is NSNull: #expect(field == "", "column \(column)")
        case let s as String: #expect(field == s, "column \(column)")
        case let n as NSNumber where String(cString: n.objCType) == "c":
            #expect(field == (n.boolValue ? "true" : "false"), "column \(column)")
        case let n as NSNumber: #expect(Double(field) == n.doubleValue, "column \(column)")
        default:
            let parsed = try? JSONSerialization.jsonObject(with: Data(field.utf8))
            #expect((parsed as? NSObject) == (value as? NSObject), "column \(column)")
        }
    }

    @Test func emptyStringAndNullDiffer() throws {
        let csv = try Self.encode([Self.record(#"{"a":"","b":null}"#)], columns: ["a", "b"], flattening: .rootLevel)
        #expect(csv.hasSuffix(",\"\",,\r\n"))
    }

    @Test func rowsEndWithCRLFAndUUIDsAreVersion4() throws {
        let csv = try Self.encode(
            (0..<50).map { Self.record(#"{"a":\#($0)}"#) }, columns: ["a"], flattening: .rootLevel)
        let rows = CSVReader.rows(csv)
        #expect(rows.count == 51)
        #expect(csv.components(separatedBy: "\r\n").count == 52)
        let ids = rows.dropFirst().map { $0[0] }
        #expect(Set(ids).count == 50)
        for id in ids {
            let characters = Array(id)
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
        }
    }

    @Test func keyOrderChangesDoNotConfuseColumns() throws {
        let lines = [#"{"a":1,"b":2}"#, #"{"b":3,"a":4}"#, #"{"c":5,"a":6}"#].map { Self.record($0) }
        let rows = CSVReader.rows(try Self.encode(lines, columns: ["a", "b"], flattening: .rootLevel))
        #expect(
            rows.dropFirst().map { Array($0[2...]) } == [["1", "2", ""], ["4", "3", ""], ["6", "", #"{"c":5}"#]])
    }

    @Test func v1MetadataColumnsComeFirst() throws {
        let metadata = MetadataColumns(version: .v1, generationID: 2, syncID: 9)
        let rows = CSVReader.rows(
            try Self.encode([Self.record(#"{"a":"x"}"#)], columns: ["a"], flattening: .rootLevel, metadata: metadata))
        #expect(
            rows[0] == [
                "_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_generation_id", "_airbyte_meta", "a",
                "_airbyte_additional_properties",
            ])
        #expect(Array(rows[1][1...]) == ["1700000000000", "2", #"{"sync_id":9,"changes":[]}"#, "x", ""])
    }

    @Test func aDeclaredColumnNamedLikeMetadataStaysInAdditionalProperties() throws {
        let rows = CSVReader.rows(
            try Self.encode(
                [Self.record(#"{"_airbyte_ab_id":"mine","a":1}"#)], columns: ["_airbyte_ab_id", "a"],
                flattening: .rootLevel))
        #expect(rows[0] == ["_airbyte_ab_id", "_airbyte_emitted_at", "a", "_airbyte_additional_properties"])
        #expect(rows[1][2...] == ["1", #"{"_airbyte_ab_id":"mine"}"#])
    }

    @Test func headerQuotesAwkwardColumnNames() throws {
        let csv = try Self.encode([], columns: ["a,b", "say \"hi\""], flattening: .rootLevel)
        #expect(
            CSVReader.rows(csv)[0] == [
                "_airbyte_ab_id", "_airbyte_emitted_at", "a,b", "say \"hi\"", "_airbyte_additional_properties",
            ])
    }
}
