import AWSCore
import AWSTesting
import DynamoDB
import StowageTesting
import Synchronization
import Testing

@testable import StowageCore

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct DynamoDBSinkTests {
    typealias F = DynamoDBFixtures

    static func records(_ count: Int, keys: Int? = nil, stream: String = "s") -> [String] {
        (0..<count).map { i in F.line(#"{"id":"k\#(keys.map { i % $0 } ?? i)","seq":\#(i)}"#, stream: stream) }
    }

    @Test func batchesHoldAtMost25ItemsAndEveryRecordLands() throws {
        let server = InMemoryDynamoDB()
        let totals = try F.run(Self.records(60), server: server, catalog: F.catalog("s"), lanes: 1)
        #expect(F.batches(server).map(\.count) == [25, 25, 10])
        #expect(server.items(in: "t_s").count == 60)
        #expect(totals.records == 60)
        #expect(totals.files == 3, "three batches committed")
    }

    @Test func aMissingTableIsCreatedOnDemandWithKeyTypesFromTheSchema() throws {
        let server = InMemoryDynamoDB(describesUntilActive: 3)
        let catalog = F.catalog(
            "readings", primaryKey: [["device"], ["ts"]],
            schema: #"{"properties":{"device":{"type":["null","string"]},"ts":{"type":"integer"}}}"#)
        try F.run([F.line(#"{"device":"d1","ts":17,"v":1.5}"#, stream: "readings")], server: server, catalog: catalog)
        let create = try #require(server.requests.first { $0.operation == "CreateTable" })
        #expect(create.body["TableName"]?.stringValue == "t_readings")
        #expect(create.body["BillingMode"]?.stringValue == "PAY_PER_REQUEST")
        let definitions = create.body["AttributeDefinitions"]?.arrayValue ?? []
        #expect(definitions.contains(.object(["AttributeName": .string("device"), "AttributeType": .string("S")])))
        #expect(definitions.contains(.object(["AttributeName": .string("ts"), "AttributeType": .string("N")])))
        let schema = create.body["KeySchema"]?.arrayValue ?? []
        #expect(schema.first?["AttributeName"]?.stringValue == "device")
        #expect(schema.first?["KeyType"]?.stringValue == "HASH")
        #expect(server.items(in: "t_readings").count == 1)
        #expect(server.requests.filter { $0.operation == "DescribeTable" }.count >= 4, "waited until ACTIVE")
    }

    @Test func aKeyTypeTheSchemaLeavesOpenComesFromTheFirstRecord() throws {
        let server = InMemoryDynamoDB()
        try F.run(
            [F.line(#"{"id":7}"#)], server: server, catalog: F.catalog("s", schema: #"{"properties":{}}"#))
        let create = try #require(server.requests.first { $0.operation == "CreateTable" })
        #expect(
            create.body["AttributeDefinitions"]?.arrayValue?.first?["AttributeType"]?.stringValue == "N")
    }

    @Test func duplicateKeysWithinABatchCollapseToTheLast() throws {
        let server = InMemoryDynamoDB()
        try F.run(Self.records(20, keys: 3), server: server, catalog: F.catalog("s"), lanes: 1)
        let batches = F.batches(server)
        #expect(batches.map(\.count) == [3])
        let items = server.items(in: "t_s").values
        let seqs = Dictionary(
            uniqueKeysWithValues: items.map { ($0["id"]!["S"]!.stringValue!, $0["seq"]!["N"]!.stringValue!) })
        #expect(seqs == ["k0": "18", "k1": "19", "k2": "17"])
    }

    @Test func aBatchWhoseKeysKeepRepeatingStaysSmall() throws {
        let server = InMemoryDynamoDB()
        try F.run(Self.records(10_000, keys: 2), server: server, catalog: F.catalog("s"), lanes: 1)
        #expect(F.batches(server).map(\.count) == [2])
        let seqs = server.items(in: "t_s").values.compactMap { $0["seq"]?["N"]?.stringValue }
        #expect(Set(seqs) == ["9998", "9999"])
    }

    @Test func numberKeysEqualByValueCollapseToo() throws {
        let server = InMemoryDynamoDB()
        let lines = ["1", "1.0", "10e-1"].enumerated().map { F.line(#"{"id":\#($1),"seq":\#($0)}"#) }
        try F.run(
            lines, server: server, catalog: F.catalog("s", schema: #"{"properties":{"id":{"type":"number"}}}"#),
            lanes: 1)
        #expect(F.batches(server).map(\.count) == [1])
        #expect(F.batches(server)[0][0]["PutRequest"]?["Item"]?["seq"] == F.n("2"))
    }

    @Test func recordsOfOneKeyKeepTheirOrderAcrossBatchesInFlight() throws {
        let server = InMemoryDynamoDB()
        let watcher = KeyOverlapWatcher(server)
        let lines = Self.records(5000, keys: 500)
        let client = F.client(watcher)
        var configuration = F.configuration()
        configuration.destination = .dynamoDB(
            {
                var d = configuration.dynamoDB!
                d.batchesInFlight = 4
                return d
            }())
        let catalog = F.catalog("s")
        let sink = try DynamoDBSink.make(
            configuration: configuration, catalog: catalog, client: client, syncID: "x", logger: Fixtures.logger)
        let session = WriteSession(
            configuration: configuration, catalog: catalog, sink: sink, output: WatchingOutput(), clock: FakeClock(),
            logger: Fixtures.logger, options: Fixtures.inlineOptions)
        try session.run(TickingInput(lines: lines, clock: FakeClock(), secondsPerRead: 0))
        #expect(watcher.overlaps == 0, "two batches with one key were in flight together")
        #expect(watcher.maxConcurrent > 1, "lanes send at once")
        let items = server.items(in: "t_s").values
        #expect(items.count == 500)
        for item in items {
            let key = Int(item["id"]!["S"]!.stringValue!.dropFirst())!
            let last = (0..<5000).last { $0 % 500 == key }!
            #expect(item["seq"] == F.n(String(last)), "key k\(key) holds its last record")
        }
    }

    @Test func aBatchNeverExceeds16MiB() throws {
        let server = SizeRecorder()
        // 190 000 nulls: 380 KB by DynamoDB's count, 2.7 MB of request JSON each.
        let nulls = "[" + Array(repeating: "null", count: 190_000).joined(separator: ",") + "]"
        let lines = (0..<8).map { F.line(#"{"id":"k\#($0)","blob":\#(nulls)}"#) }
        let configuration = { () -> Configuration in
            var c = F.configuration()
            c.destination = .dynamoDB(
                { () -> DynamoDBDestination in
                    var d = c.dynamoDB!
                    d.batchesInFlight = 1
                    return d
                }())
            return c
        }()
        let catalog = F.catalog("s")
        let sink = try DynamoDBSink.make(
            configuration: configuration, catalog: catalog, client: F.client(server), syncID: "x",
            logger: Fixtures.logger)
        let session = WriteSession(
            configuration: configuration, catalog: catalog, sink: sink, output: WatchingOutput(), clock: FakeClock(),
            logger: Fixtures.logger, options: Fixtures.inlineOptions)
        try session.run(MemoryInput(lines.map { $0 + "\n" }.joined()))
        let batches = server.batches
        #expect(batches.count >= 2)
        #expect(batches.allSatisfy { $0.bytes <= DynamoDBClient.maxBatchBytes })
        #expect(batches.allSatisfy { $0.bytes > 1_000_000 })
        #expect(batches.map(\.items).reduce(0, +) == 8)
    }

    @Test func throttlingAndUnprocessedItemsAreRetriedUntilEveryItemLands() throws {
        let server = InMemoryDynamoDB(fault: { operation, index in
            guard operation == "BatchWriteItem" else { return nil }
            switch index % 4 {
            case 0: return .error(400, type: "ProvisionedThroughputExceededException")
            case 1: return .unprocessed(7)
            case 2: return .error(500, type: "InternalServerError")
            default: return nil
            }
        })
        let clock = ManualAWSClock()
        let output = WatchingOutput()
        try F.run(
            Self.records(100) + [Fixtures.state(1)], server: server, catalog: F.catalog("s"), output: output,
            lanes: 1, clock: clock)
        #expect(server.items(in: "t_s").count == 100)
        #expect(output.lines.count == 1)
        #expect(!clock.sleeps.isEmpty, "backed off between attempts")
        #expect(clock.sleeps.allSatisfy { $0 <= 5 })
    }

    @Test func throttlingThatNeverEndsFailsTheSyncAsTransientAndHoldsTheState() throws {
        let server = InMemoryDynamoDB(fault: { operation, _ in
            operation == "BatchWriteItem" ? .error(400, type: "ThrottlingException") : nil
        })
        let output = WatchingOutput()
        let error = #expect(throws: StorageError.self) {
            try F.run(
                Self.records(3) + [Fixtures.state(1)], server: server, catalog: F.catalog("s"), output: output,
                retry: RetryPolicy(maxAttempts: 3, maxSeconds: 10, baseDelaySeconds: 0.05))
        }
        #expect(error?.failureType == .transientError)
        #expect(error?.message.contains("throttling") == true)
        #expect(output.lines.isEmpty, "no state for records DynamoDB did not take")
    }

    @Test func unprocessedItemsThatNeverGoFailTheSync() throws {
        let server = InMemoryDynamoDB(fault: { operation, _ in operation == "BatchWriteItem" ? .unprocessed(1) : nil })
        let error = #expect(throws: StorageError.self) {
            try F.run(
                Self.records(2), server: server, catalog: F.catalog("s"), lanes: 1,
                retry: RetryPolicy(maxAttempts: 4, maxSeconds: 10, baseDelaySeconds: 0.05))
        }
        #expect(error?.message.contains("unprocessed") == true)
        #expect(server.items(in: "t_s").count == 1)
    }

    @Test func aStateLeavesOnlyOnceEveryEarlierItemIsInTheTable() throws {
        let server = InMemoryDynamoDB()
        var lines: [String] = []
        var before: [Int: Int] = [:]
        for i in 0..<400 {
            lines.append(F.line(#"{"id":"k\#(i)"}"#, stream: i % 3 == 0 ? "a" : "b"))
            if i % 13 == 12 {
                lines.append(Fixtures.state(i))
                before[i] = i + 1
            }
        }
        let output = WatchingOutput()
        var checked = 0
        output.onEmit = { line in
            guard let n = try? JSONValue.parse(Array(line.utf8))["state"]?["data"]?["n"], case .number(let text) = n
            else { return }
            let stored = server.items(in: "t_a").count + server.items(in: "t_b").count
            #expect(stored >= before[Int(text)!]!, "state \(text) left with \(stored) items stored")
            checked += 1
        }
        let catalog = Catalog(streams: F.catalog("a").streams + F.catalog("b").streams)
        try F.run(lines, server: server, catalog: catalog, output: output, lanes: 3)
        #expect(checked == before.count)
    }

    @Test func overwriteDeletesOnlyWhatThisSyncDidNotWrite() throws {
        let server = InMemoryDynamoDB()
        let catalog = F.catalog("s", mode: .overwrite)
        try F.run(Self.records(40), server: server, catalog: catalog, syncID: "sync-1")
        // An item from before Stowage, without any marker.
        try F.client(server).putItem(table: "t_s", item: AWSJSON.object(["id": F.s("manual")]).bytes)
        #expect(server.items(in: "t_s").count == 41)
        try F.run(
            (0..<40).filter { $0 % 2 == 0 }.map { F.line(#"{"id":"k\#($0)","seq":\#($0 + 1000)}"#) }
                + [
                    #"{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1,"stream_status":{"stream_descriptor":{"name":"s"},"status":"COMPLETE"}}}"#
                ],
            server: server, catalog: catalog, syncID: "sync-2")
        let items = server.items(in: "t_s").values
        #expect(items.count == 20)
        #expect(items.allSatisfy { $0["_stowage_sync_id"] == F.s("sync-2") })
        let deletes = server.requests.filter { $0.operation == "Scan" }
        #expect(deletes.allSatisfy { $0.body["ConsistentRead"] == .bool(true) })
    }

    @Test func overwriteOfAFailedSyncDeletesNothing() throws {
        let server = InMemoryDynamoDB()
        let catalog = F.catalog("s", mode: .overwrite)
        try F.run(Self.records(30), server: server, catalog: catalog, syncID: "sync-1")
        let scans = server.requests.filter { $0.operation == "Scan" }.count
        try F.run(
            [
                F.line(#"{"id":"k0","seq":99}"#),
                #"{"type":"TRACE","trace":{"type":"ERROR","emitted_at":1,"error":{"message":"source broke"}}}"#,
            ],
            server: server, catalog: catalog, syncID: "sync-2")
        #expect(server.items(in: "t_s").count == 30)
        #expect(server.requests.filter { $0.operation == "Scan" }.count == scans, "no Scan, no delete")
    }

    @Test func appendDoesNotMarkItemsAndNeverDeletes() throws {
        let server = InMemoryDynamoDB()
        try F.run(Self.records(10), server: server, catalog: F.catalog("s", mode: .appendDedup))
        #expect(server.items(in: "t_s").values.allSatisfy { $0["_stowage_sync_id"] == nil })
        try F.run(Self.records(5), server: server, catalog: F.catalog("s", mode: .append))
        #expect(server.items(in: "t_s").count == 10, "a re-run converges: same keys, same items")
    }

    @Test func aRecordDynamoDBCannotStoreFailsTheSyncNamingTheLine() throws {
        let server = InMemoryDynamoDB()
        let lines = [F.line(#"{"id":"a"}"#), F.line(#"{"id":"b","v":1e400}"#)]
        let error = #expect(throws: InputError.self) {
            try F.run(lines, server: server, catalog: F.catalog("s"))
        }
        #expect(
            error?.message
                == "Line 2: the record of stream 's' has the number '1e400' in 'v', which is larger than DynamoDB's largest number, 9.9999999999999999999999999999999999999E+125; fix the source, or set 'invalid_numbers' to 'string' to store such numbers as strings."
        )
        #expect(error?.line == 2)
        #expect(error?.stream == "s")
    }

    @Test func aKeyOfTheWrongTypeForTheTableIsRejected() throws {
        let server = InMemoryDynamoDB()
        let error = #expect(throws: InputError.self) {
            try F.run([F.line(#"{"id":"a"}"#), F.line(#"{"id":5}"#)], server: server, catalog: F.catalog("s"))
        }
        #expect(
            error?.message.contains(
                "Line 2: the record of stream 's' has a number in 'id', but table 't_s' keys its partition key by strings"
            ) == true)
    }

    @Test func anExistingTableWithOtherKeysIsAConfigError() throws {
        let server = InMemoryDynamoDB()
        _ = try F.client(server).createTable(
            DynamoDBTableDefinition(name: "t_s", hashKey: DynamoDBKeyAttribute("device", .string)))
        let error = #expect(throws: ConfigError.self) {
            try F.run(Self.records(1), server: server, catalog: F.catalog("s"))
        }
        #expect(
            error?.message.contains("Table 't_s' is keyed by 'device' (S), but stream 's' would key it by 'id' (S)")
                == true)
    }

    @Test func keysComeFromTheConfigBeforeThePrimaryKey() throws {
        let server = InMemoryDynamoDB()
        var configuration = F.configuration()
        var settings = Configuration.StreamSettings()
        settings.hashKey = "device"
        settings.rangeKey = "ts"
        configuration.streamSettings["s"] = settings
        try F.run(
            [F.line(#"{"id":"x","device":"d","ts":3}"#)], server: server, catalog: F.catalog("s"),
            configuration: configuration)
        let create = try #require(server.requests.first { $0.operation == "CreateTable" })
        #expect(
            create.body["KeySchema"]?.arrayValue?.compactMap { $0["AttributeName"]?.stringValue } == ["device", "ts"])
    }

    @Test func withoutAnyKeyEachRecordIsANewItem() throws {
        let server = InMemoryDynamoDB()
        try F.run(Self.records(5, keys: 1), server: server, catalog: F.catalog("s", primaryKey: []), seed: 1)
        try F.run(Self.records(5, keys: 1), server: server, catalog: F.catalog("s", primaryKey: []), seed: 2)
        #expect(server.items(in: "t_s").count == 10)
    }
}

/// A server that has table `t_s` keyed by `id` and takes every batch unread, noting its size and item count.
final class SizeRecorder: HTTPTransport, Sendable {
    private let recorded = Mutex([(bytes: Int, items: Int)]())

    var batches: [(bytes: Int, items: Int)] { recorded.withLock { $0 } }

    func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        switch request.header("x-amz-target") {
        case "DynamoDB_20120810.DescribeTable":
            let table =
                #"{"Table":{"TableName":"t_s","TableStatus":"ACTIVE","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"#
                + #""AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}]}}"#
            return HTTPResponse(status: 200, body: Array(table.utf8))
        default:
            // Each item opens with {"PutRequest": and the blobs hold no 'P': memchr finds the openings.
            let marker = Array(#"{"PutRequest":"#.utf8)
            let body = request.body
            let items = body.withUnsafeBufferPointer { bytes in
                var count = 0
                var p = bytes.baseAddress!
                let end = bytes.baseAddress! + bytes.count
                while let found = memchr(p, Int32(UInt8(ascii: "P")), end - p) {
                    let at = found.assumingMemoryBound(to: UInt8.self)
                    if at - 2 >= bytes.baseAddress!, at + 12 <= end, memcmp(at - 2, marker, marker.count) == 0 {
                        count += 1
                    }
                    p = UnsafePointer(at) + 1
                }
                return count
            }
            recorded.withLock { $0.append((body.count, items)) }
            return HTTPResponse(status: 200, body: Array(#"{"UnprocessedItems":{}}"#.utf8))
        }
    }
}

/// Forwards to the in-memory server, noting whether two BatchWriteItem calls in flight ever share a key.
final class KeyOverlapWatcher: HTTPTransport, Sendable {
    private let server: InMemoryDynamoDB
    private let state = Mutex((inFlight: [String: Int](), overlaps: 0, concurrent: 0, maxConcurrent: 0))

    init(_ server: InMemoryDynamoDB) { self.server = server }

    var overlaps: Int { state.withLock { $0.overlaps } }
    var maxConcurrent: Int { state.withLock { $0.maxConcurrent } }

    func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        guard request.header("x-amz-target") == "DynamoDB_20120810.BatchWriteItem",
            let body = try? AWSJSON.parse(request.body)
        else { return try server.send(request) }
        let keys = (body["RequestItems"]?.objectValue?.values.first?.arrayValue ?? []).compactMap {
            $0["PutRequest"]?["Item"]?["id"]?["S"]?.stringValue
        }
        state.withLock { state in
            state.concurrent += 1
            state.maxConcurrent = max(state.maxConcurrent, state.concurrent)
            for key in keys {
                if state.inFlight[key, default: 0] > 0 { state.overlaps += 1 }
                state.inFlight[key, default: 0] += 1
            }
        }
        usleep(1000)
        defer {
            state.withLock { state in
                state.concurrent -= 1
                for key in keys { state.inFlight[key]! -= 1 }
            }
        }
        return try server.send(request)
    }
}
