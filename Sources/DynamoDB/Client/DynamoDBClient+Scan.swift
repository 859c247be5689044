import AWSCore

extension DynamoDBClient {
    /// One page of a Scan from `startKey` (nil: the table's start).
    ///
    /// API: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html. A page ends at
    /// `limit` items read or 1 MB, whichever comes first; pass its ``DynamoDBScanPage/lastEvaluatedKey`` as
    /// the next `startKey` (`ExclusiveStartKey`).
    package func scan(
        _ request: DynamoDBScanRequest, startKey: [String: AWSJSON]? = nil
    ) throws(DynamoDBError) -> DynamoDBScanPage {
        var body: [String: AWSJSON] = ["TableName": .string(request.table)]
        if let projection = request.projection { body["ProjectionExpression"] = .string(projection) }
        if let filter = request.filter { body["FilterExpression"] = .string(filter) }
        if !request.names.isEmpty {
            body["ExpressionAttributeNames"] = .object(request.names.mapValues { .string($0) })
        }
        if !request.values.isEmpty { body["ExpressionAttributeValues"] = .object(request.values) }
        if let limit = request.limit { body["Limit"] = .number(String(limit)) }
        if request.consistentRead { body["ConsistentRead"] = .bool(true) }
        if let startKey { body["ExclusiveStartKey"] = .object(startKey) }
        let answer = try call("Scan", table: request.table, body: AWSJSON.object(body).bytes)
        guard let itemList = (answer["Items"] ?? .array([])).arrayValue else {
            throw error(.invalidResponse, "Scan", table: request.table, detail: "Items is not an array")
        }
        var items: [[String: AWSJSON]] = []
        items.reserveCapacity(itemList.count)
        for item in itemList {
            guard let map = item.objectValue else {
                throw error(.invalidResponse, "Scan", table: request.table, detail: "an item is not an object")
            }
            items.append(map)
        }
        let scanned = answer["ScannedCount"]?.numberText.flatMap { Int($0) } ?? items.count
        return DynamoDBScanPage(
            items: items, lastEvaluatedKey: answer["LastEvaluatedKey"]?.objectValue, scannedCount: scanned)
    }

    /// Every page of a Scan in order, handed to `body` one at a time; `body` returns false to stop early.
    ///
    /// Memory: one page (at most 1 MB of items) at a time. A `LastEvaluatedKey` repeated from the page before
    /// is an ``DynamoDBError/Code/invalidResponse`` rather than an endless loop.
    package func scanPages(
        _ request: DynamoDBScanRequest, _ body: (DynamoDBScanPage) -> Bool
    ) throws(DynamoDBError) {
        var startKey: [String: AWSJSON]?
        repeat {
            let page = try scan(request, startKey: startKey)
            guard body(page) else { return }
            if let next = page.lastEvaluatedKey, next == startKey {
                throw error(.invalidResponse, "Scan", table: request.table, detail: "LastEvaluatedKey repeated")
            }
            startKey = page.lastEvaluatedKey
        } while startKey != nil
    }
}
