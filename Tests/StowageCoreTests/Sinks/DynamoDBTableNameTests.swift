import AWSTesting
import DynamoDB
import Testing

@testable import StowageCore

@Suite struct DynamoDBTableNameTests {
    static let names: [(String?, String?, String, String)] = [
        ("airbyte_sync", "public", "users", "airbyte_sync_public_users"),
        ("airbyte_sync", nil, "users", "airbyte_sync_users"),
        (nil, "public", "users", "public_users"),
        ("p", "my  ns", "user events\t2024", "p_my_ns_user_events_2024"),
        ("p", "ns", "a.b-c/d$é😀", "p_ns_a_b_c_d_e_"),
        ("p", nil, "données\u{00A0} 2024", "p_donnees_2024"),
        ("p", nil, "cafe\u{0301} ﬁle ①", "p_cafe_file_1"),
        ("p", nil, "한국 Straße ½", "p________Stra_e_1_2"),
        ("p.v-1", nil, "s", "p.v-1_s"),
        ("", nil, "users", "_users"),
    ]

    @Test(arguments: names)
    func namesFollowAirbytesRule(_ example: (String?, String?, String, String)) {
        #expect(DynamoDBTableName.name(prefix: example.0, namespace: example.1, stream: example.2) == example.3)
    }

    @Test func aNameDynamoDBRefusesIsAConfigErrorNamingTheStream() throws {
        let short = #expect(throws: ConfigError.self) {
            try DynamoDBTableName.table(for: Catalog.Stream(name: "a"), prefix: nil)
        }
        #expect(short?.message.contains("Stream 'a' would write into table 'a'") == true)
        #expect(short?.message.contains("set a longer 'dynamodb_table_name_prefix'") == true)
        #expect(short?.streams == [StreamDescriptor(name: "a")])
        let long = #expect(throws: ConfigError.self) {
            try DynamoDBTableName.table(for: Catalog.Stream(name: String(repeating: "x", count: 250)), prefix: "prefix")
        }
        #expect(long?.message.contains("3 to 255 characters") == true)
        #expect(
            try DynamoDBTableName.table(for: Catalog.Stream(name: String(repeating: "x", count: 248)), prefix: "prefix")
                .count == 255)
    }

    @Test func twoStreamsInOneTableAreAConfigError() throws {
        let catalog = Catalog(streams: [Catalog.Stream(name: "a b"), Catalog.Stream(name: "a_b")])
        let error = #expect(throws: ConfigError.self) {
            try DynamoDBSink.make(
                configuration: DynamoDBFixtures.configuration(), catalog: catalog,
                client: DynamoDBFixtures.client(InMemoryDynamoDB()), syncID: "x",
                logger: Fixtures.logger)
        }
        #expect(error?.message.contains("'a b' and 'a_b' would both write into table 't_a_b'") == true)
    }

    static let badKeys: [([[String]], String)] = [
        ([["a", "b"]], "nested primary key field 'a.b'"),
        ([["a"], ["b"], ["c"]], "a primary key of 3 fields"),
        ([["a"], ["a"]], "'a' as both partition and sort key"),
    ]

    @Test(arguments: badKeys)
    func aPrimaryKeyDynamoDBCannotHaveIsAConfigError(_ pair: ([[String]], String)) {
        let stream = Catalog.Stream(name: "s", primaryKey: pair.0)
        #expect {
            try DynamoDBSink.keys(of: stream, settings: Configuration.StreamSettings())
        } throws: { error in
            (error as? ConfigError)?.message.contains(pair.1) == true
        }
    }

    @Test func keyTypesComeFromTheSchema() throws {
        let schema = try JSONValue.parse(
            Array(
                #"{"properties":{"s":{"type":"string"},"n":{"type":["null","integer"]},"x":{"type":["string","number"]},"o":{}}}"#
                    .utf8))
        #expect(DynamoDBSink.declaredType(of: "s", in: schema) == .string)
        #expect(DynamoDBSink.declaredType(of: "n", in: schema) == .number)
        #expect(DynamoDBSink.declaredType(of: "x", in: schema) == nil)
        #expect(DynamoDBSink.declaredType(of: "o", in: schema) == nil)
        #expect(DynamoDBSink.declaredType(of: "missing", in: schema) == nil)
        #expect(DynamoDBSink.declaredType(of: "_airbyte_ab_id", in: schema) == .string)
    }
}
