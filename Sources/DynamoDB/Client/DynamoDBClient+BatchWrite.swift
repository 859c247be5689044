import AWSCore
import Logging

extension DynamoDBClient {
    /// The most put and delete requests one BatchWriteItem call may carry.
    package static let maxBatchRequests = 25
    /// The largest BatchWriteItem body: 16 MB.
    package static let maxBatchBytes = 16 * 1024 * 1024

    /// Writes up to 25 puts and deletes to `table` in one BatchWriteItem, resending whatever DynamoDB leaves
    /// in `UnprocessedItems` until nothing is left.
    ///
    /// API: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html. Each
    /// call is retried on throttling and server errors like any request; an answer whose `UnprocessedItems`
    /// is not empty starts another round with just those requests, after a full-jitter backoff. Rounds are
    /// bounded by ``retryPolicy``: at most `maxAttempts` calls, and no wait that would end more than
    /// `maxSeconds` after the first call began; then the error is ``DynamoDBError/Code/unprocessedItems``
    /// (retryable). More than 25 requests or a body over 16 MB is refused before sending. Memory: the body
    /// (the items' bytes plus ~40 bytes each) and the parsed answer.
    @discardableResult
    package func batchWriteItem(
        table: String, requests: [DynamoDBWriteRequest]
    ) throws(DynamoDBError) -> DynamoDBBatchWriteResult {
        let operation = "BatchWriteItem"
        guard !requests.isEmpty else { return DynamoDBBatchWriteResult(calls: 0, resentRequests: 0) }
        guard requests.count <= Self.maxBatchRequests else {
            throw error(
                .tooManyRequests, operation, table: table,
                detail: "it holds \(requests.count) requests, more than DynamoDB's \(Self.maxBatchRequests)")
        }
        return try batchWriteItem(
            table: table, body: Self.batchWriteBody(table: table, requests: requests), requestCount: requests.count)
    }

    /// Sends a BatchWriteItem body the caller has encoded whole (`{"RequestItems":{…}}` with `requestCount`
    /// requests), resending whatever DynamoDB leaves in `UnprocessedItems`, as
    /// ``batchWriteItem(table:requests:)`` does; the body is sent as it is, never copied.
    @discardableResult
    package func batchWriteItem(
        table: String, body: [UInt8], requestCount: Int
    ) throws(DynamoDBError) -> DynamoDBBatchWriteResult {
        let operation = "BatchWriteItem"
        guard requestCount > 0 else { return DynamoDBBatchWriteResult(calls: 0, resentRequests: 0) }
        guard requestCount <= Self.maxBatchRequests else {
            throw error(
                .tooManyRequests, operation, table: table,
                detail: "it holds \(requestCount) requests, more than DynamoDB's \(Self.maxBatchRequests)")
        }
        var body = body
        guard body.count <= Self.maxBatchBytes else {
            throw error(
                .requestTooLarge, operation, table: table,
                detail: "its body is \(body.count) bytes, more than DynamoDB's \(Self.maxBatchBytes)")
        }
        let start = sender.now()
        var result = DynamoDBBatchWriteResult(calls: 0, resentRequests: 0)
        while true {
            result.calls += 1
            let answer = try call(operation, table: table, body: body, startedAt: start)
            guard let unprocessed = answer["UnprocessedItems"]?.objectValue,
                case let pending = unprocessed.values.reduce(0, { $0 + ($1.arrayValue?.count ?? 0) }), pending > 0
            else { return result }
            var failure = error(
                .unprocessedItems, operation, table: table, detail: pending == 1 ? "1 request" : "\(pending) requests")
            failure.attempts = result.calls
            guard result.calls < retryPolicy.maxAttempts else { throw failure }
            let delay = sender.backoff(afterAttempt: result.calls)
            guard sender.mayWait(delay, since: start) else { throw failure }
            logger.notice(
                "DynamoDB left items unprocessed; resending them",
                metadata: [
                    "table": "\(table)", "unprocessed": "\(pending)", "round": "\(result.calls)",
                    "delay_ms": "\(Int(delay * 1000))",
                ])
            sender.sleep(seconds: delay)
            result.resentRequests += pending
            body = AWSJSON.object(["RequestItems": .object(unprocessed)]).bytes
        }
    }

    /// `{"RequestItems":{"<table>":[{"PutRequest":{"Item":…}},{"DeleteRequest":{"Key":…}},…]}}`, the caller's
    /// bytes spliced in as they are.
    static func batchWriteBody(table: String, requests: [DynamoDBWriteRequest]) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(requests.reduce(64 + table.utf8.count) { $0 + $1.bytes.count + 32 })
        body += #"{"RequestItems":{"#.utf8
        AWSJSON.writeString(table, into: &body)
        body += ":[".utf8
        for (i, request) in requests.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            switch request {
            case .put(let item):
                body += #"{"PutRequest":{"Item":"#.utf8
                body += item
            case .delete(let key):
                body += #"{"DeleteRequest":{"Key":"#.utf8
                body += key
            }
            body += "}}".utf8
        }
        body += "]}}".utf8
        return body
    }
}
