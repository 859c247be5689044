import AWSCore
import Testing

struct AWSJSONTests {
    func parse(_ text: String) throws -> AWSJSON {
        try AWSJSON.parse(Array(text.utf8))
    }

    @Test func readsADynamoDBAnswer() throws {
        let json = try parse(
            #"""
             {"Items": [{"id": {"S": "a\"b\\c\u00e9\ud83d\ude00"}, "n": {"N": "-1.50E+3"}, "ok": {"BOOL": true},
              "none": {"NULL": true}, "l": {"L": []}, "m": {"M": {}}}], "Count": 1, "LastEvaluatedKey": null }
            """#)
        let item = try #require(json["Items"]?.arrayValue?.first)
        #expect(item["id"]?["S"]?.stringValue == "a\"b\\cé😀")
        #expect(item["n"]?["N"]?.stringValue == "-1.50E+3")
        #expect(item["ok"]?["BOOL"]?.boolValue == true)
        #expect(item["none"]?["NULL"] == .bool(true))
        #expect(item["l"]?["L"] == .array([]))
        #expect(item["m"]?["M"] == .object([:]))
        #expect(json["Count"]?.numberText == "1")
        #expect(json["LastEvaluatedKey"] == .null)
        #expect(json["Missing"] == nil)
    }

    @Test func keepsNumbersAsTheirText() throws {
        #expect(
            try parse("[0, -0, 12345678901234567890123456789012345678, 1e-130, 2.50]")
                == .array([
                    .number("0"), .number("-0"), .number("12345678901234567890123456789012345678"),
                    .number("1e-130"), .number("2.50"),
                ]))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "1e", "tru", "nul", "\"abc", "\"a\u{01}\"",
        "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\u12\"", "[1] 2", "{1:2}",
    ])
    func refusesWhatIsNotJSON(text: String) {
        #expect(throws: AWSJSONParseError.self) { try AWSJSON.parse(Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8InStrings() {
        #expect(throws: AWSJSONParseError.self) { try AWSJSON.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func refusesNestingBeyondTheLimit() throws {
        let deep =
            String(repeating: "[", count: AWSJSON.maximumDepth + 1)
            + String(repeating: "]", count: AWSJSON.maximumDepth + 1)
        #expect(throws: AWSJSONParseError.self) { try AWSJSON.parse(Array(deep.utf8)) }
        let fine =
            String(repeating: "[", count: AWSJSON.maximumDepth) + String(repeating: "]", count: AWSJSON.maximumDepth)
        _ = try AWSJSON.parse(Array(fine.utf8))
    }

    @Test func writesCompactJSONWithSortedKeysAndEscapes() {
        let value = AWSJSON.object([
            "b": .array([.null, .bool(false), .number("1E+3")]),
            "a": .string("q\"\\\n\r\t\u{01}é"),
        ])
        #expect(String(decoding: value.bytes, as: UTF8.self) == #"{"a":"q\"\\\n\r\t\u0001é","b":[null,false,1E+3]}"#)
    }

    @Test func writingThenReadingGivesTheSameValue() throws {
        let value = AWSJSON.object([
            "RequestItems": .object([
                "t": .array([
                    .object(["PutRequest": .object(["Item": .object(["id": .object(["S": .string("x/y\u{7F}😀")])])])])
                ])
            ]),
            "n": .number("-0.5e-7"),
        ])
        #expect(try AWSJSON.parse(value.bytes) == value)
    }
}
