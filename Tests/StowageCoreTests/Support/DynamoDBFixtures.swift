import AWSCore
import AWSTesting
import DynamoDB
import Logging
import SampleData
import SigV4
import StowageTesting
import Testing

@testable import StowageCore

enum DynamoDBFixtures {
    static func client(
        _ transport: any HTTPTransport, clock: ManualAWSClock = ManualAWSClock(),
        retry: RetryPolicy = RetryPolicy(maxAttempts: 6, maxSeconds: 60, baseDelaySeconds: 0.05, maxDelaySeconds: 5)
    ) -> DynamoDBClient {
        DynamoDBClient(
            endpoint: try! DynamoDBEndpoint(url: "http://127.0.0.1:5055", region: "us-east-1"),
            credentials: SigV4Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret"),
            transport: transport, retryPolicy: retry, clock: clock, jitter: FixedJitter(fraction: 0.5),
            logger: Fixtures.logger)
    }

    /// A record line of `stream` with `data` (JSON text).
    static func line(_ data: String, stream: String = "s", emittedAt: String = "1700000000000") -> String {
        #"{"type":"RECORD","record":{"stream":"\#(stream)","data":\#(data),"emitted_at":\#(emittedAt)}}"#
    }

    /// Encodes one record's data the way the sink does; returns the item as JSON, its facts and its key bytes.
    static func encode(
        _ data: String, hashKey: String = "id", rangeKey: String? = nil,
        options: DynamoItemEncoder.Options = DynamoItemEncoder.Options(), emittedAt: String = "1700000000000",
        listsMembers: Bool = true
    ) throws -> (item: [String: AWSJSON], facts: DynamoItemEncoder.Item, key: [UInt8], bytes: [UInt8]) {
        var encoder = DynamoItemEncoder(hashKey: hashKey, rangeKey: rangeKey, options: options)
        let bytes = Array(line(data, emittedAt: emittedAt).utf8)
        let out = OutputBuffer(capacity: 64)
        var key: [UInt8] = []
        let abID = Array("00000000-0000-4000-8000-000000000001".utf8)
        let facts = try bytes.withUnsafeBufferPointer { line in
            var members = MemberList()
            let message = try MessageParser(listsDataMembers: listsMembers).parse(line, appendingMembersTo: &members)
            let record = RecordView(
                line: line, emittedAt: message.emittedAt!, data: message.data!, members: members.members)
            return try abID.withUnsafeBufferPointer { id in
                try encoder.encode(record, abID: id.baseAddress!, into: out, key: &key)
            }
        }
        let written = out.array
        let request = try AWSJSON.parse(written)
        let item = try #require(request["PutRequest"]?["Item"]?.objectValue)
        return (item, facts, key, written)
    }

    static func s(_ text: String) -> AWSJSON { .object(["S": .string(text)]) }
    static func n(_ text: String) -> AWSJSON { .object(["N": .string(text)]) }
    static func bool(_ value: Bool) -> AWSJSON { .object(["BOOL": .bool(value)]) }
    static let null = AWSJSON.object(["NULL": .bool(true)])
    static func m(_ members: [String: AWSJSON]) -> AWSJSON { .object(["M": .object(members)]) }
    static func l(_ elements: [AWSJSON]) -> AWSJSON { .object(["L": .array(elements)]) }

    static func catalog(
        _ name: String, mode: Catalog.SyncMode = .append, primaryKey: [[String]] = [["id"]],
        schema: String = #"{"type":"object","properties":{"id":{"type":"string"}}}"#
    ) -> Catalog {
        let parsed = try! JSONValue.parse(Array(schema.utf8))
        return Catalog(streams: [
            Catalog.Stream(name: name, syncMode: mode, schema: parsed, primaryKey: primaryKey)
        ])
    }

    static func configuration(prefix: String = "t", configure: (inout DynamoDBDestination) -> Void = { _ in })
        -> Configuration
    {
        var settings = DynamoDBDestination(tableNamePrefix: prefix)
        configure(&settings)
        var configuration = Configuration(bucketName: "")
        configuration.destination = .dynamoDB(settings)
        configuration.commitIntervalSeconds = 1
        return configuration
    }

    /// Runs a whole session into `server` through the DynamoDB sink; returns its totals.
    @discardableResult
    static func run(
        _ lines: [String], server: InMemoryDynamoDB, catalog: Catalog,
        configuration: Configuration = configuration(), output: any MessageOutput = WatchingOutput(),
        options: DynamoDBSink.Options = DynamoDBSink.Options(), lanes: Int? = nil, syncID: String = "sync-2",
        clock: ManualAWSClock = ManualAWSClock(), retry: RetryPolicy? = nil, seed: UInt64 = 3
    ) throws -> WriteSession.Totals {
        var configuration = configuration
        if let lanes, case .dynamoDB(var settings) = configuration.destination {
            settings.batchesInFlight = lanes
            configuration.destination = .dynamoDB(settings)
        }
        let dynamoDB = retry.map { Self.client(server, clock: clock, retry: $0) } ?? Self.client(server, clock: clock)
        var sinkOptions = options
        sinkOptions.tablePollSeconds = 0.01
        let sink = try DynamoDBSink.make(
            configuration: configuration, catalog: catalog, client: dynamoDB, syncID: syncID, logger: Fixtures.logger,
            options: sinkOptions)
        let session = WriteSession(
            configuration: configuration, catalog: catalog, sink: sink, output: output, clock: FakeClock(),
            uuid: UUIDGenerator(source: SplitMix64(seed: seed)), logger: Fixtures.logger,
            options: Fixtures.inlineOptions)
        try session.run(MemoryInput(lines.map { $0 + "\n" }.joined()))
        return session.totals
    }

    /// The items BatchWriteItem calls carried, call by call.
    static func batches(_ server: InMemoryDynamoDB) -> [[AWSJSON]] {
        server.requests.filter { $0.operation == "BatchWriteItem" }.map { request in
            request.body["RequestItems"]?.objectValue?.values.first?.arrayValue ?? []
        }
    }
}
