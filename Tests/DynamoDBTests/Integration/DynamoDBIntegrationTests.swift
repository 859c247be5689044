import AWSCore
import Testing

@testable import DynamoDB

/// ``DynamoDBClient`` against moto's server on 127.0.0.1 with signatures checked
/// (`scripts/dynamodb-test-server.sh`); every answer's `x-amz-crc32` is verified on the way.
@Suite(.enabled(if: IntegrationServer.isConfigured, "STOWAGE_TEST_DYNAMODB_ENDPOINT is not set"))
struct DynamoDBIntegrationTests {
    /// Item `i` of a device table: every AttributeValue type a record maps to.
    static func typedItem(_ i: Int, sync: String = "sync-1") -> AWSJSON {
        .object([
            "device": .object(["S": .string("dev-\(i % 5)")]),
            "ts": .object(["N": .string(String(1_700_000_000 + i))]),
            "label": .object(["S": .string("ünïcode \"quoted\" \(i)")]),
            "reading": .object(["N": .string(i % 2 == 0 ? "-12.5" : "1234567890123456789012345678901234567")]),
            "ok": .object(["BOOL": .bool(i % 3 == 0)]),
            "missing": .object(["NULL": .bool(true)]),
            "meta": .object([
                "M": .object([
                    "unit": .object(["S": .string("C")]),
                    "tags": .object(["L": .array([.object(["S": .string("a")])])]),
                ])
            ]),
            "history": .object(["L": .array([.object(["N": .string("1")]), .object(["BOOL": .bool(false)])])]),
            "sync": .object(["S": .string(sync)]),
            "empty": .object(["S": .string("")]),
        ])
    }

    static func key(_ i: Int) -> AWSJSON {
        .object([
            "device": .object(["S": .string("dev-\(i % 5)")]),
            "ts": .object(["N": .string(String(1_700_000_000 + i))]),
        ])
    }

    func makeTable(_ client: DynamoDBClient, _ name: String) throws {
        try client.createTable(
            DynamoDBTableDefinition(
                name: name, hashKey: DynamoDBKeyAttribute("device", .string),
                rangeKey: DynamoDBKeyAttribute("ts", .number)))
        let active = try client.waitUntilActive(table: name, timeoutSeconds: 30, pollSeconds: 0.2)
        #expect(active.hashKey == DynamoDBKeyAttribute("device", .string))
        #expect(active.rangeKey == DynamoDBKeyAttribute("ts", .number))
    }

    @Test func batchWritesTwentyFiveTypedItemsThatReadBackUnchanged() throws {
        let client = try IntegrationServer.client()
        let table = IntegrationServer.tableName("typed")
        try makeTable(client, table)
        defer { try? client.deleteTable(table) }
        let result = try client.batchWriteItem(
            table: table, requests: (0..<25).map { .put(item: Self.typedItem($0).bytes) })
        #expect(result.calls == 1)
        for i in 0..<25 {
            let got = try #require(try client.getItem(table: table, key: Self.key(i).bytes), "item \(i)")
            #expect(AWSJSON.object(got) == Self.typedItem(i), "item \(i)")
        }
        #expect(try client.getItem(table: table, key: Self.key(99).bytes) == nil)
    }

    @Test func scanPagesThenDeleteTheItemsASyncDidNotWrite() throws {
        let client = try IntegrationServer.client()
        let table = IntegrationServer.tableName("scan")
        try makeTable(client, table)
        defer { try? client.deleteTable(table) }
        try client.batchWriteItem(
            table: table, requests: (0..<25).map { .put(item: Self.typedItem($0, sync: "sync-1").bytes) })
        try client.batchWriteItem(
            table: table, requests: (25..<40).map { .put(item: Self.typedItem($0, sync: "sync-2").bytes) })

        var sizes: [Int] = []
        try client.scanPages(DynamoDBScanRequest(table: table, limit: 10)) { page in
            sizes.append(page.items.count)
            return true
        }
        #expect(sizes == [10, 10, 10, 10])

        let stale = DynamoDBScanRequest(
            table: table, projection: "#d, #t", filter: "#s <> :sync",
            names: ["#d": "device", "#t": "ts", "#s": "sync"],
            values: [":sync": .object(["S": .string("sync-2")])], limit: 7)
        var keys: [AWSJSON] = []
        try client.scanPages(stale) { page in
            keys += page.items.map { .object($0) }
            return true
        }
        #expect(keys.count == 25)
        #expect(keys.allSatisfy { $0.objectValue?.keys.sorted() == ["device", "ts"] })
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(start + 25, keys.count)]
            try client.batchWriteItem(table: table, requests: batch.map { .delete(key: $0.bytes) })
            start += batch.count
        }
        var left: [String] = []
        try client.scanPages(DynamoDBScanRequest(table: table)) { page in
            left += page.items.compactMap { $0["sync"]?["S"]?.stringValue }
            return true
        }
        #expect(left.count == 15)
        #expect(Set(left) == ["sync-2"])

        try client.deleteItem(table: table, key: Self.key(30).bytes)
        #expect(try client.getItem(table: table, key: Self.key(30).bytes) == nil)
        try client.putItem(table: table, item: Self.typedItem(30).bytes)
        #expect(try client.getItem(table: table, key: Self.key(30).bytes) != nil)
    }

    @Test func aWrongSecretIsAConfigurationErrorNamingTheKeyIdNotTheSecret() throws {
        let wrongSecret = "wrong-\(try #require(IntegrationServer.secretAccessKey))"
        let client = try IntegrationServer.client(secretAccessKey: wrongSecret)
        let error = #expect(throws: DynamoDBError.self) { try client.describeTable("anything") }
        #expect(error?.code == .signatureDoesNotMatch)
        #expect(error?.category == .configuration)
        #expect(error?.attempts == 1)
        let keyId = try #require(IntegrationServer.accessKeyId)
        #expect(error?.message.contains("'\(keyId)'") == true)
        #expect(error?.description.contains(wrongSecret) == false)
    }

    @Test func anUnknownKeyIdAndAMissingTableAreNamed() throws {
        let unknown = try IntegrationServer.client(accessKeyId: "AKIAUNKNOWNUNKNOWN00")
        let error = #expect(throws: DynamoDBError.self) { try unknown.describeTable("anything") }
        #expect(error?.code == .unrecognizedClient)
        #expect(error?.message.contains("'AKIAUNKNOWNUNKNOWN00'") == true)

        let missing = #expect(throws: DynamoDBError.self) {
            try IntegrationServer.client().batchWriteItem(
                table: "stowage-no-such-table", requests: [.put(item: Self.typedItem(0).bytes)])
        }
        #expect(missing?.code == .resourceNotFound)
        #expect(missing?.message.contains("'stowage-no-such-table'") == true)
    }
}
