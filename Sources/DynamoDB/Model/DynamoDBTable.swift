import AWSCore

/// The scalar types a key attribute can have.
package enum DynamoDBKeyType: String, Sendable, Equatable, CaseIterable {
    case string = "S"
    case number = "N"
    case binary = "B"
}

/// A key attribute: its name and type.
package struct DynamoDBKeyAttribute: Sendable, Equatable {
    package var name: String
    package var type: DynamoDBKeyType

    package init(_ name: String, _ type: DynamoDBKeyType) {
        self.name = name
        self.type = type
    }
}

/// What ``DynamoDBClient/createTable(_:)`` creates: an on-demand (PAY_PER_REQUEST) table with a partition key
/// and an optional sort key.
package struct DynamoDBTableDefinition: Sendable, Equatable {
    package var name: String
    package var hashKey: DynamoDBKeyAttribute
    package var rangeKey: DynamoDBKeyAttribute?

    package init(name: String, hashKey: DynamoDBKeyAttribute, rangeKey: DynamoDBKeyAttribute? = nil) {
        self.name = name
        self.hashKey = hashKey
        self.rangeKey = rangeKey
    }
}

/// The parts of a `TableDescription` Stowage reads.
package struct DynamoDBTableDescription: Sendable, Equatable {
    package var name: String
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, …
    package var status: String
    package var hashKey: DynamoDBKeyAttribute?
    package var rangeKey: DynamoDBKeyAttribute?
    /// DynamoDB's estimate, refreshed about every six hours.
    package var itemCount: Int?

    package var isActive: Bool { status == "ACTIVE" }
}

/// A Scan request: a table, optionally a projection and a filter with their placeholders.
///
/// Expressions: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html; names
/// are `#placeholders`, values `:placeholders` holding AttributeValues such as `{"S": "sync-1"}`.
package struct DynamoDBScanRequest: Sendable, Equatable {
    package var table: String
    /// `ProjectionExpression`, e.g. `"#pk, #sk"`: the attributes each item brings back.
    package var projection: String?
    /// `FilterExpression`, e.g. `"#sync <> :sync"`: applied after reading, so it saves bandwidth, not capacity.
    package var filter: String?
    /// `ExpressionAttributeNames`.
    package var names: [String: String]
    /// `ExpressionAttributeValues`: AttributeValues.
    package var values: [String: AWSJSON]
    /// Items read per page at most (before the filter); DynamoDB also stops a page at 1 MB.
    package var limit: Int?
    package var consistentRead: Bool

    package init(
        table: String, projection: String? = nil, filter: String? = nil, names: [String: String] = [:],
        values: [String: AWSJSON] = [:], limit: Int? = nil, consistentRead: Bool = false
    ) {
        self.table = table
        self.projection = projection
        self.filter = filter
        self.names = names
        self.values = values
        self.limit = limit
        self.consistentRead = consistentRead
    }
}

/// One page of a Scan; ``lastEvaluatedKey`` is nil on the last page.
package struct DynamoDBScanPage: Sendable, Equatable {
    /// Items as AttributeValue maps.
    package var items: [[String: AWSJSON]]
    package var lastEvaluatedKey: [String: AWSJSON]?
    /// Items read before the filter.
    package var scannedCount: Int
}
