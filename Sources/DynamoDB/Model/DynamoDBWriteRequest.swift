/// One request of a BatchWriteItem call, carrying JSON the caller has already encoded.
///
/// The bytes are an AttributeValue map exactly as DynamoDB's JSON protocol writes it, e.g.
/// `{"id":{"S":"a1"},"n":{"N":"42"}}`; they are spliced into the request body unread.
package enum DynamoDBWriteRequest: Sendable, Equatable {
    /// `PutRequest`: stores the whole item, replacing any item with its key.
    case put(item: [UInt8])
    /// `DeleteRequest`: deletes the item with this key (nothing happens if there is none).
    case delete(key: [UInt8])

    /// The encoded AttributeValue map.
    package var bytes: [UInt8] {
        switch self {
        case .put(let item): item
        case .delete(let key): key
        }
    }
}

/// What a BatchWriteItem call took: calls made (1 plus the rounds that resent unprocessed items) and
/// requests resent.
package struct DynamoDBBatchWriteResult: Sendable, Equatable {
    package var calls: Int
    package var resentRequests: Int

    package init(calls: Int, resentRequests: Int) {
        self.calls = calls
        self.resentRequests = resentRequests
    }
}
