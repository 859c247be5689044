import AWSCore
import Testing

@testable import StowageCore

@Suite struct DynamoItemEncoderTests {
    typealias F = DynamoDBFixtures

    /// `_airbyte_ab_id` (14 + 36) and `_airbyte_emitted_at` (19 + 2: 1700000000000 has the digits "17").
    static let metadataSize = 14 + 36 + 19 + 2

    @Test func everyJSONTypeBecomesItsAttributeValue() throws {
        let (item, facts, _, _) = try F.encode(
            #"{"id":"a1","s":"text","n":-12.50e3,"i":42,"t":true,"f":false,"z":null,"o":{"a":1,"b":{"c":"d"}},"l":[1,"x",[],{}],"e":{},"el":[]}"#
        )
        #expect(item["_airbyte_ab_id"] == F.s("00000000-0000-4000-8000-000000000001"))
        #expect(item["_airbyte_emitted_at"] == F.n("1700000000000"))
        #expect(item["id"] == F.s("a1"))
        #expect(item["s"] == F.s("text"))
        #expect(item["n"] == F.n("-12.50e3"), "the source's own digits, never through Double")
        #expect(item["i"] == F.n("42"))
        #expect(item["t"] == F.bool(true))
        #expect(item["f"] == F.bool(false))
        #expect(item["z"] == F.null)
        #expect(item["o"] == F.m(["a": F.n("1"), "b": F.m(["c": F.s("d")])]))
        #expect(item["l"] == F.l([F.n("1"), F.s("x"), F.l([]), F.m([:])]))
        #expect(item["e"] == F.m([:]))
        #expect(item["el"] == F.l([]))
        #expect(item.count == 13)
        #expect(facts.hashKind == .string)
    }

    @Test func whitespaceInTheSourceIsNotCopied() throws {
        let (_, _, _, bytes) = try F.encode(#"{ "id" : "a" , "o" : { "x" : [ 1 , 2 ] } }"#)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains(" "))
        #expect(text.hasSuffix(#","id":{"S":"a"},"o":{"M":{"x":{"L":[{"N":"1"},{"N":"2"}]}}}}}}"#))
    }

    @Test func escapesAreDecodedAndWrittenAgainMinimally() throws {
        let (item, facts, _, bytes) = try F.encode(
            #"{"id":"k","s":"q\"b\\s\/n\nt\tc\u0001é\u00e9\ud83d\ude00\ud800","na\u006de":1}"#)
        #expect(item["s"] == F.s("q\"b\\s/n\nt\tc\u{01}éé😀\u{FFFD}"))
        #expect(item["name"] == F.n("1"), "escaped attribute names are decoded")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""s":{"S":"q\"b\\s/n\u000at\u0009c\u0001éé😀"#))
        // s: 1 + 16 decoded bytes ("q\"b\\s/n\nt\tc\u{01}" is 12, é é 4, 😀 4, U+FFFD 3) = 24; name: 4 + 2.
        let sSize = 1 + 12 + 4 + 4 + 3
        #expect(facts.size == Self.metadataSize + 2 + 1 + sSize + 4 + 2)
    }

    @Test func aStringWithoutEscapesIsCopiedByteForByte() throws {
        let (_, _, _, bytes) = try F.encode(#"{"id":"k","s":"plain ünïcode ✓"}"#)
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""s":{"S":"plain ünïcode ✓"}"#))
    }

    @Test func sizesFollowDynamoDBsRules() throws {
        // m: name 1 + map 3 + ("a": 1 + N(1) 2 + 1) + ("b": 1 + list(3 + (1 + 1) + (1 + 1)) + 1) = 17;
        // n: 1 + N("12345", 5 digits) 4; s: 1 + 3; b: 1 + 1; id: 2 + 1.
        let (_, facts, _, _) = try F.encode(#"{"id":"k","m":{"a":1,"b":[true,null]},"n":12345,"s":"abc","b":false}"#)
        #expect(facts.size == Self.metadataSize + 3 + 17 + 5 + 4 + 2)
        // Leading and trailing zeros do not count: 0.00012300 has 3 significant digits, so 3 bytes.
        let (_, zeros, _, _) = try F.encode(#"{"id":"k","n":0.00012300}"#)
        #expect(zeros.size == Self.metadataSize + 3 + 1 + 3)
    }

    @Test func anItemOfExactly400KBIsAcceptedAndOneByteMoreIsNot() throws {
        // id: 2 + 1; s: 1 + L.
        let fits = DynamoItemEncoder.maximumItemSize - Self.metadataSize - 3 - 1
        let (_, facts, _, _) = try F.encode(#"{"id":"k","s":"\#(String(repeating: "x", count: fits))"}"#)
        #expect(facts.size == DynamoItemEncoder.maximumItemSize)
        #expect(throws: RecordRejection.self) {
            try F.encode(#"{"id":"k","s":"\#(String(repeating: "x", count: fits + 1))"}"#)
        }
    }

    @Test func sizeCountsNestedContainersAndEscapedText() throws {
        // 100 000 escaped control characters count one byte each, not six.
        let escaped = String(repeating: #"\u0001"#, count: 100_000)
        let (_, facts, _, bytes) = try F.encode(#"{"id":"k","s":"\#(escaped)"}"#)
        #expect(facts.size == Self.metadataSize + 3 + 1 + 100_000)
        #expect(bytes.count > 600_000)
        // A list of 210 000 nulls is 3 + 210 000 × 2 bytes: too large, though its JSON is under 1 MB.
        let nulls = Array(repeating: "null", count: 210_000).joined(separator: ",")
        let error = #expect(throws: RecordRejection.self) { try F.encode(#"{"id":"k","l":[\#(nulls)]}"#) }
        #expect(error?.reason.contains("more than 409600 bytes") == true)
    }

    @Test func nestingDeeperThan32IsRejected() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        }
        _ = try F.encode(#"{"id":"k","deep":\#(nested(32))}"#)
        let error = #expect(throws: RecordRejection.self) { try F.encode(#"{"id":"k","deep":\#(nested(33))}"#) }
        #expect(error?.reason.contains("'deep'") == true)
        #expect(error?.reason.contains("32") == true)
        let list = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(throws: RecordRejection.self) { try F.encode(#"{"id":"k","deep":\#(list)}"#) }
    }

    static let invalidNumbers: [(String, String)] = [
        ("123456789012345678901234567890123456789", "39 significant digits"),
        ("1.23456789012345678901234567890123456789", "39 significant digits"),
        ("1e126", "larger than DynamoDB's largest number"),
        ("-10e125", "larger than DynamoDB's largest number"),
        ("1e-131", "closer to zero than DynamoDB's smallest number"),
        ("0.01e-129", "closer to zero"),
        ("1e999999999999999999999999", "larger"),
        ("-1e-999999999999999999999999", "closer to zero"),
    ]

    @Test(arguments: invalidNumbers)
    func aNumberDynamoDBCannotStoreIsRejectedNamingItsAttribute(_ pair: (String, String)) throws {
        let error = #expect(throws: RecordRejection.self) { try F.encode(#"{"id":"k","reading":\#(pair.0)}"#) }
        #expect(error?.reason.contains("'\(pair.0)'") == true)
        #expect(error?.reason.contains("in 'reading'") == true)
        #expect(error?.reason.contains(pair.1) == true)
        #expect(error?.fix.contains("'invalid_numbers' to 'string'") == true)
    }

    @Test(arguments: invalidNumbers)
    func aNumberDynamoDBCannotStoreMayBeStoredAsItsText(_ pair: (String, String)) throws {
        let (item, facts, _, _) = try F.encode(
            #"{"id":"k","reading":\#(pair.0)}"#, options: DynamoItemEncoder.Options(invalidNumbersAsStrings: true))
        #expect(item["reading"] == F.s(pair.0))
        #expect(facts.size == Self.metadataSize + 3 + 7 + pair.0.utf8.count)
    }

    static let validNumbers = [
        "0", "-0", "0.000", "0e-999999", "1e-130", "-1E-130", "9.9999999999999999999999999999999999999e125",
        "12345678901234567890123456789012345678", "1234567890123456789012345678901234567800000",
        "0.00000000000000000000000000000000000000000000012345678901234567890123456789012345678", "100e123",
        "0.1e-129",
    ]

    @Test(arguments: validNumbers)
    func numbersDynamoDBCanStoreAreKeptAsWritten(_ text: String) throws {
        let (item, _, _, _) = try F.encode(#"{"id":"k","x":\#(text)}"#)
        #expect(item["x"] == F.n(text))
    }

    @Test func aRepeatedNameKeepsItsLastValueAndMetadataNamesGiveWay() throws {
        let (item, _, _, bytes) = try F.encode(
            #"{"id":"k","a":1,"_airbyte_ab_id":"mine","a":2,"_airbyte_emitted_at":5,"\u0061":3,"b":4}"#)
        #expect(item["a"] == F.n("3"))
        #expect(item["b"] == F.n("4"))
        #expect(item["_airbyte_ab_id"] == F.s("00000000-0000-4000-8000-000000000001"))
        #expect(item["_airbyte_emitted_at"] == F.n("1700000000000"))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.ranges(of: #""a":"#).count == 1, "one 'a' attribute")
    }

    @Test func theSyncMarkerIsAddedWhenAsked() throws {
        let (item, facts, _, _) = try F.encode(
            #"{"id":"k","_stowage_sync_id":"old"}"#, options: DynamoItemEncoder.Options(syncMarker: "run-1"))
        #expect(item["_stowage_sync_id"] == F.s("run-1"))
        #expect(facts.size == Self.metadataSize + 16 + 5 + 3)
    }

    @Test func anEmptyAttributeNameIsRejected() throws {
        let error = #expect(throws: RecordRejection.self) { try F.encode(#"{"id":"k","":1}"#) }
        #expect(error?.reason.contains("empty name") == true)
    }

    @Test func membersNotListedByTheParserAreReadHere() throws {
        let (item, _, _, _) = try F.encode(#"{"id":"k","x":[1]}"#, listsMembers: false)
        #expect(item["x"] == F.l([F.n("1")]))
    }

    // MARK: Keys

    @Test func equalNumberKeysHaveEqualKeyBytes() throws {
        let spellings = ["1.5", "1.50", "15e-1", "0.15E1", "150E-2", "1.5e+0"]
        let keys = try spellings.map { try F.encode(#"{"id":\#($0)}"#).key }
        #expect(Set(keys).count == 1)
        #expect(try F.encode(#"{"id":2}"#).key != keys[0])
        #expect(try F.encode(#"{"id":-1.5}"#).key != keys[0])
        #expect(try F.encode(#"{"id":"1.5"}"#).key != keys[0], "a string is not a number")
        #expect(try F.encode(#"{"id":0}"#).key == F.encode(#"{"id":-0.0}"#).key)
    }

    @Test func equalStringKeysHaveEqualKeyBytesHoweverEscaped() throws {
        #expect(try F.encode(#"{"id":"ab"}"#).key == F.encode(#"{"id":"\u0061b"}"#).key)
    }

    @Test func aSortKeyIsPartOfTheKey() throws {
        let a = try F.encode(#"{"id":"x","ts":1}"#, rangeKey: "ts")
        let b = try F.encode(#"{"id":"x","ts":2}"#, rangeKey: "ts")
        #expect(a.key != b.key)
        #expect(a.facts.rangeKind == .number)
        // "ab" + "c" and "a" + "bc" must differ.
        let c = try F.encode(#"{"id":"ab","ts":"c"}"#, rangeKey: "ts")
        let d = try F.encode(#"{"id":"a","ts":"bc"}"#, rangeKey: "ts")
        #expect(c.key != d.key)
    }

    static let badKeys: [(String, String)] = [
        (#"{"other":1}"#, "has no 'id', the table's partition key"),
        (#"{"id":null}"#, "has null in 'id'"),
        (#"{"id":true}"#, "has a boolean in 'id'"),
        (#"{"id":{"a":1}}"#, "has an object in 'id'"),
        (#"{"id":""}"#, "has an empty string in 'id'"),
        (
            #"{"id":"\#(String(repeating: "k", count: 2049))"}"#,
            "has 2049 bytes in 'id', the table's partition key, more than DynamoDB's 2048"
        ),
        (#"{"id":1e200}"#, "has the number '1e200' in 'id'"),
    ]

    @Test(arguments: badKeys)
    func aKeyDynamoDBCannotHaveIsRejected(_ pair: (String, String)) throws {
        let error = #expect(throws: RecordRejection.self) { try F.encode(pair.0) }
        #expect(error?.reason.contains(pair.1) == true, "\(error?.reason ?? "")")
    }

    @Test func aSortKeyLongerThan1024BytesIsRejected() throws {
        let long = String(repeating: "s", count: 1025)
        let error = #expect(throws: RecordRejection.self) {
            try F.encode(#"{"id":"a","ts":"\#(long)"}"#, rangeKey: "ts")
        }
        #expect(error?.reason.contains("more than DynamoDB's 1024") == true)
        _ = try F.encode(#"{"id":"a","ts":"\#(String(long.dropLast()))"}"#, rangeKey: "ts")
    }

    @Test func metadataAttributesCanBeKeys() throws {
        let generated = try F.encode(#"{"x":1}"#, hashKey: "_airbyte_ab_id")
        #expect(generated.key == [UInt8(ascii: "S")] + Array("00000000-0000-4000-8000-000000000001".utf8))
        let byTime = try F.encode(#"{"id":"a"}"#, rangeKey: "_airbyte_emitted_at")
        #expect(byTime.facts.rangeKind == .number)
    }
}
