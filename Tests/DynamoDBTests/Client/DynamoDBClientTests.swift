import AWSCore
import AWSTesting
import SigV4
import Synchronization
import Testing

@testable import DynamoDB

struct DynamoDBClientTests {
    // MARK: Request construction

    @Test func requestsArePostsToTheRootWithTheJSONProtocolHeadersSignedForDynamoDB() throws {
        let server = InMemoryDynamoDB()
        server.createTable("t", hashKey: "id")
        try makeClient(server).putItem(table: "t", item: item("a", 1))
        let request = try #require(server.requests.first)
        #expect(request.operation == "PutItem")
        #expect(request.header("host") == "127.0.0.1:5055")
        #expect(request.header("content-type") == "application/x-amz-json-1.0")
        #expect(request.header("x-amz-target") == "DynamoDB_20120810.PutItem")
        let authorization = try #require(request.header("authorization"))
        #expect(
            authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/dynamodb/aws4_request"))
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target"))
        #expect(!authorization.contains(testCredentials.secretAccessKey))
        #expect(request.body == .object(["TableName": .string("t"), "Item": try AWSJSON.parse(item("a", 1))]))
    }

    @Test func batchWriteSplicesTheCallersBytesIntoPutAndDeleteRequests() throws {
        let body = DynamoDBClient.batchWriteBody(
            table: "t\"1", requests: [.put(item: Array(#"{"id":{"S":"a"}}"#.utf8)), .delete(key: key("b"))])
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"RequestItems":{"t\"1":[{"PutRequest":{"Item":{"id":{"S":"a"}}}},"#
                + #"{"DeleteRequest":{"Key":{"id":{"S":"b"}}}}]}}"#)
        _ = try AWSJSON.parse(body)
    }

    @Test func itemsRoundTripThroughPutGetAndDelete() throws {
        let server = InMemoryDynamoDB()
        server.createTable("t", hashKey: "id")
        let client = makeClient(server)
        try client.batchWriteItem(table: "t", requests: (0..<25).map { .put(item: item("k\($0)", $0)) })
        #expect(server.items(in: "t").count == 25)
        let got = try #require(try client.getItem(table: "t", key: key("k7")))
        #expect(got == ["id": .object(["S": .string("k7")]), "n": .object(["N": .string("7")])])
        #expect(server.requests.last?.body["ConsistentRead"] == .bool(true))
        try client.deleteItem(table: "t", key: key("k7"))
        #expect(try client.getItem(table: "t", key: key("k7")) == nil)
        try client.batchWriteItem(table: "t", requests: [.delete(key: key("k1")), .delete(key: key("k2"))])
        #expect(server.items(in: "t").count == 22)
    }

    // MARK: Limits

    @Test func moreThan25RequestsAreRefusedWithoutSending() {
        let server = InMemoryDynamoDB()
        let error = #expect(throws: DynamoDBError.self) {
            try makeClient(server).batchWriteItem(table: "t", requests: (0..<26).map { .put(item: item("k\($0)")) })
        }
        #expect(error?.code == .tooManyRequests)
        #expect(error?.message.contains("26 requests") == true)
        #expect(server.requests.isEmpty)
    }

    @Test func aBodyOver16MBIsRefusedWithoutSending() {
        let server = InMemoryDynamoDB()
        let big = AWSJSON.object([
            "id": .object(["S": .string("x")]), "blob": .object(["S": .string(String(repeating: "a", count: 700_000))]),
        ]).bytes
        let error = #expect(throws: DynamoDBError.self) {
            try makeClient(server).batchWriteItem(table: "t", requests: Array(repeating: .put(item: big), count: 25))
        }
        #expect(error?.code == .requestTooLarge)
        #expect(server.requests.isEmpty)
        let empty = try? makeClient(server).batchWriteItem(table: "t", requests: [])
        #expect(empty == DynamoDBBatchWriteResult(calls: 0, resentRequests: 0))
        #expect(server.requests.isEmpty)
    }

    // MARK: UnprocessedItems and retries

    @Test func unprocessedItemsAreResentWithJitteredBackoffUntilNoneAreLeft() throws {
        let server = InMemoryDynamoDB(fault: { operation, index in
            operation == "BatchWriteItem" && index < 2 ? .unprocessed(index == 0 ? 10 : 3) : nil
        })
        server.createTable("t", hashKey: "id")
        let clock = ManualAWSClock()
        let result = try makeClient(server, clock: clock).batchWriteItem(
            table: "t", requests: (0..<25).map { .put(item: item("k\($0)", $0)) })
        #expect(result == DynamoDBBatchWriteResult(calls: 3, resentRequests: 13))
        #expect(server.items(in: "t").count == 25)
        #expect(clock.sleeps == [0.1, 0.2])
        let sizes = server.requests.map { $0.body["RequestItems"]?["t"]?.arrayValue?.count }
        #expect(sizes == [25, 10, 3])
        // The resent requests are the ones handed back, not the first ones again.
        let resent = server.requests[2].body["RequestItems"]?["t"]?.arrayValue?.compactMap {
            $0["PutRequest"]?["Item"]?["id"]?["S"]?.stringValue
        }
        #expect(resent == ["k22", "k23", "k24"])
    }

    @Test func unprocessedItemsStopAtMaxAttemptsWithARetryableError() {
        let server = InMemoryDynamoDB(fault: { operation, _ in operation == "BatchWriteItem" ? .unprocessed(1) : nil })
        server.createTable("t", hashKey: "id")
        let error = #expect(throws: DynamoDBError.self) {
            try makeClient(server, retry: RetryPolicy(maxAttempts: 3, maxSeconds: 60))
                .batchWriteItem(table: "t", requests: [.put(item: item("a")), .put(item: item("b"))])
        }
        #expect(error?.code == .unprocessedItems)
        #expect(error?.category == .retryable)
        #expect(error?.attempts == 3)
        #expect(
            error?.message.hasPrefix(
                "Endpoint 'http://127.0.0.1:5055' still left 1 request of BatchWriteItem on table 't' unprocessed "
                    + "after 3 attempts;") == true)
        #expect(server.requests.count == 3)
    }

    @Test func unprocessedRoundsAndThrottlingShareOneDeadline() {
        // Every BatchWriteItem leaves one item; every second call is throttled first.
        let server = InMemoryDynamoDB(fault: { operation, index in
            guard operation == "BatchWriteItem" else { return nil }
            return index % 2 == 1 ? .error(400, type: "ThrottlingException") : .unprocessed(1)
        })
        server.createTable("t", hashKey: "id")
        let clock = ManualAWSClock()
        let policy = RetryPolicy(maxAttempts: 100, maxSeconds: 10, baseDelaySeconds: 1, maxDelaySeconds: 100)
        _ = #expect(throws: DynamoDBError.self) {
            try makeClient(server, retry: policy, clock: clock, jitter: 1)
                .batchWriteItem(table: "t", requests: [.put(item: item("a")), .put(item: item("b"))])
        }
        #expect(clock.sleeps.reduce(0, +) <= 10)
        #expect(!clock.sleeps.isEmpty)
    }

    @Test func aThrottlingBurstIsRetriedThenSucceeds() throws {
        let server = InMemoryDynamoDB(fault: { _, index in
            switch index {
            case 0: .error(400, type: "ProvisionedThroughputExceededException")
            case 1: .error(400, type: "ThrottlingException")
            case 2: .error(400, type: "RequestLimitExceeded")
            default: nil
            }
        })
        server.createTable("t", hashKey: "id")
        let clock = ManualAWSClock()
        try makeClient(server, retry: RetryPolicy(maxAttempts: 5), clock: clock).batchWriteItem(
            table: "t", requests: [.put(item: item("a"))])
        #expect(server.requests.count == 4)
        #expect(clock.sleeps == [0.1, 0.2, 0.4])
        #expect(server.items(in: "t").count == 1)
    }

    @Test func aServerErrorThenSuccess() throws {
        let server = InMemoryDynamoDB(fault: { _, index in index == 0 ? .error(500, type: "InternalServerError") : nil }
        )
        server.createTable("t", hashKey: "id")
        try makeClient(server).putItem(table: "t", item: item("a"))
        #expect(server.requests.count == 2)
        let bare = InMemoryDynamoDB(fault: { _, index in index == 0 ? .xmlError(503, code: "ServiceUnavailable") : nil }
        )
        bare.createTable("t", hashKey: "id")
        try makeClient(bare).putItem(table: "t", item: item("a"))
        #expect(bare.requests.count == 2)
    }

    @Test func aCRCMismatchIsRetriedAndThenReported() throws {
        let once = InMemoryDynamoDB(fault: { _, index in index == 0 ? .corruptCRC : nil })
        once.createTable("t", hashKey: "id")
        #expect(try makeClient(once).getItem(table: "t", key: key("a")) == nil)
        #expect(once.requests.count == 2)

        let always = InMemoryDynamoDB(fault: { _, _ in .corruptCRC })
        always.createTable("t", hashKey: "id")
        let error = #expect(throws: DynamoDBError.self) {
            try makeClient(always, retry: RetryPolicy(maxAttempts: 2)).getItem(table: "t", key: key("a"))
        }
        #expect(error?.code == .crcMismatch)
        #expect(error?.attempts == 2)
        #expect(error?.message.contains("CRC-32") == true)
    }

    @Test func retriesStopWhenTheNextWaitWouldExceedTheDeadline() {
        let server = InMemoryDynamoDB(fault: { _, _ in .transport(.connectionLost) })
        let clock = ManualAWSClock()
        let policy = RetryPolicy(maxAttempts: 100, maxSeconds: 10, baseDelaySeconds: 1, maxDelaySeconds: 100)
        let error = #expect(throws: DynamoDBError.self) {
            try makeClient(server, retry: policy, clock: clock, jitter: 1).putItem(table: "t", item: item("a"))
        }
        // Waits 1, 2, 4 (total 7); the next (8) would end at 15 > 10.
        #expect(clock.sleeps == [1, 2, 4])
        #expect(error?.code == .connectionLost)
        #expect(error?.attempts == 4)
    }

    // MARK: Errors

    @Test(arguments: [
        (400, "ResourceNotFoundException", DynamoDBError.Code.resourceNotFound),
        (400, "AccessDeniedException", .accessDenied),
        (400, "UnrecognizedClientException", .unrecognizedClient),
        (400, "InvalidSignatureException", .signatureDoesNotMatch),
        (400, "ExpiredTokenException", .invalidToken),
        (400, "ValidationException", .validation),
        (400, "ResourceInUseException", .resourceInUse),
        (400, "ConditionalCheckFailedException", .conditionalCheckFailed),
    ])
    func jsonErrorTypesAreClassifiedAndNotRetried(status: Int, type: String, code: DynamoDBError.Code) {
        let server = InMemoryDynamoDB(fault: { _, _ in .error(status, type: type) })
        let error = #expect(throws: DynamoDBError.self) {
            try makeClient(server).putItem(table: "iot_devices", item: item("a"))
        }
        #expect(error?.code == code)
        #expect(error?.serverCode == type)
        #expect(error?.requestId != nil)
        #expect(server.requests.count == 1)
        #expect(error?.message.contains("'http://127.0.0.1:5055'") == true)
        #expect(error?.description.contains(testCredentials.secretAccessKey) == false)
    }

    @Test func mototsXMLSignatureErrorIsAConfigurationErrorNamingTheKeyIdNotTheSecret() {
        let server = InMemoryDynamoDB(fault: { _, _ in .xmlError(403, code: "SignatureDoesNotMatch") })
        let error = #expect(throws: DynamoDBError.self) {
            try makeClient(server).describeTable("t")
        }
        #expect(error?.code == .signatureDoesNotMatch)
        #expect(error?.category == .configuration)
        #expect(
            error?.message
                == "The secret key given for access key 'AKIDEXAMPLE' was rejected by endpoint 'http://127.0.0.1:5055'; "
                + "correct 'secret_access_key'.")
        #expect(error?.description.contains(testCredentials.secretAccessKey) == false)
    }

    @Test func aMissingTableNamesTheTableTheEndpointAndTheFix() {
        let error = #expect(throws: DynamoDBError.self) {
            try makeClient(InMemoryDynamoDB()).putItem(table: "iot_devices", item: item("a"))
        }
        #expect(
            error?.message
                == "Table 'iot_devices' does not exist at endpoint 'http://127.0.0.1:5055' in region 'us-east-1'; "
                + "create it or correct 'dynamodb_table_name_prefix' and 'dynamodb_region'.")
    }

    @Test func anUnknownKeyIdIsNamed() {
        let server = InMemoryDynamoDB(accessKeys: ["OTHER"])
        let error = #expect(throws: DynamoDBError.self) { try makeClient(server).describeTable("t") }
        #expect(error?.code == .unrecognizedClient)
        #expect(
            error?.message
                == "Access key 'AKIDEXAMPLE' is not known at endpoint 'http://127.0.0.1:5055'; correct 'access_key_id'."
        )
    }

    @Test func anUnreachableEndpointIsRetriedAsCouldNotConnect() {
        let server = InMemoryDynamoDB(fault: { _, _ in .transport(.couldNotConnect) })
        let error = #expect(throws: DynamoDBError.self) {
            try makeClient(server, retry: RetryPolicy(maxAttempts: 2)).describeTable("t")
        }
        #expect(error?.code == .couldNotConnect)
        #expect(error?.message.contains("after 2 attempts; check 'dynamodb_endpoint'") == true)
    }

    @Test func anAnswerThatIsNotJSONIsAnInvalidResponse() {
        let transport = FixedAnswer(InMemoryDynamoDB.response(200, Array("<html>".utf8)))
        let error = #expect(throws: DynamoDBError.self) { try makeClient(transport).describeTable("t") }
        #expect(error?.code == .invalidResponse)
    }

    // MARK: Tables

    @Test func createThenWaitUntilActivePollsDescribeTable() throws {
        let server = InMemoryDynamoDB(describesUntilActive: 2)
        let clock = ManualAWSClock()
        let client = makeClient(server, clock: clock)
        let created = try client.createTable(
            DynamoDBTableDefinition(
                name: "t", hashKey: DynamoDBKeyAttribute("device", .string),
                rangeKey: DynamoDBKeyAttribute("ts", .number)))
        #expect(created.status == "CREATING")
        #expect(created.hashKey == DynamoDBKeyAttribute("device", .string))
        #expect(created.rangeKey == DynamoDBKeyAttribute("ts", .number))
        let request = try #require(server.requests.first?.body)
        #expect(request["BillingMode"] == .string("PAY_PER_REQUEST"))
        #expect(
            request["KeySchema"]
                == .array([
                    .object(["AttributeName": .string("device"), "KeyType": .string("HASH")]),
                    .object(["AttributeName": .string("ts"), "KeyType": .string("RANGE")]),
                ]))
        let active = try client.waitUntilActive(table: "t", pollSeconds: 0.5)
        #expect(active.isActive)
        #expect(clock.sleeps == [0.5, 0.5])
        let again = #expect(throws: DynamoDBError.self) {
            try client.createTable(DynamoDBTableDefinition(name: "t", hashKey: DynamoDBKeyAttribute("b", .binary)))
        }
        #expect(again?.code == .resourceInUse)
        try client.deleteTable("t")
        #expect(throws: DynamoDBError.self) { try client.describeTable("t") }
    }

    @Test func waitUntilActiveGivesUpAfterItsTimeout() {
        let server = InMemoryDynamoDB()
        let clock = ManualAWSClock()
        let error = #expect(throws: DynamoDBError.self) {
            try makeClient(server, clock: clock).waitUntilActive(table: "never", timeoutSeconds: 3, pollSeconds: 1)
        }
        #expect(error?.code == .tableNotActive)
        #expect(error?.message.contains("still not found after 3 s") == true)
        #expect(clock.sleeps == [1, 1, 1])
    }

    // MARK: Scan

    @Test func scanFollowsLastEvaluatedKeyAndSendsTheExpressions() throws {
        let server = InMemoryDynamoDB()
        server.createTable("t", hashKey: "id")
        let client = makeClient(server)
        try client.batchWriteItem(table: "t", requests: (0..<7).map { .put(item: item("k\($0)", $0)) })
        let request = DynamoDBScanRequest(
            table: "t", projection: "#id", filter: "#n <> :sync", names: ["#id": "id", "#n": "n"],
            values: [":sync": .object(["N": .string("3")])], limit: 3)
        var pages: [[String]] = []
        try client.scanPages(request) { page in
            pages.append(page.items.compactMap { $0["id"]?["S"]?.stringValue })
            #expect(page.items.allSatisfy { $0["n"] == nil })
            return true
        }
        #expect(pages == [["k0", "k1", "k2"], ["k3", "k4", "k5"], ["k6"]])
        let scans = server.requests.filter { $0.operation == "Scan" }
        #expect(scans.count == 3)
        #expect(scans[0].body["ExclusiveStartKey"] == nil)
        #expect(scans[1].body["ExclusiveStartKey"] == .object(["id": .object(["S": .string("k2")])]))
        #expect(scans[0].body["FilterExpression"] == .string("#n <> :sync"))
        #expect(scans[0].body["ExpressionAttributeValues"] == .object([":sync": .object(["N": .string("3")])]))
        #expect(scans[0].body["Limit"] == .number("3"))

        var first: [String] = []
        try client.scanPages(request) { page in
            first = page.items.compactMap { $0["id"]?["S"]?.stringValue }
            return false
        }
        #expect(first == ["k0", "k1", "k2"])
    }
}

/// Answers every request with the same response.
struct FixedAnswer: HTTPTransport {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
    func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse { response }
}
