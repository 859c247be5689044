import AWSCore

extension DynamoDBClient {
    /// Stores one item (PutItem), replacing any item with its key; `item` is an encoded AttributeValue map.
    package func putItem(table: String, item: [UInt8]) throws(DynamoDBError) {
        var body: [UInt8] = []
        Self.appendTableName(table, to: &body)
        body += #","Item":"#.utf8
        body += item
        body.append(UInt8(ascii: "}"))
        _ = try call("PutItem", table: table, body: body)
    }

    /// The item with this key (GetItem), as an AttributeValue map; nil when there is none.
    ///
    /// `key` is an encoded AttributeValue map of the key attributes. Reads are strongly consistent unless
    /// `consistentRead` is false.
    package func getItem(
        table: String, key: [UInt8], consistentRead: Bool = true
    ) throws(DynamoDBError) -> [String: AWSJSON]? {
        var body: [UInt8] = []
        Self.appendTableName(table, to: &body)
        body += #","Key":"#.utf8
        body += key
        body += (consistentRead ? #","ConsistentRead":true}"# : "}").utf8
        let answer = try call("GetItem", table: table, body: body)
        guard let item = answer["Item"] else { return nil }
        guard let map = item.objectValue else {
            throw error(.invalidResponse, "GetItem", table: table, detail: "Item is not an object")
        }
        return map
    }

    /// Deletes the item with this key (DeleteItem); a key with no item is no error.
    package func deleteItem(table: String, key: [UInt8]) throws(DynamoDBError) {
        var body: [UInt8] = []
        Self.appendTableName(table, to: &body)
        body += #","Key":"#.utf8
        body += key
        body.append(UInt8(ascii: "}"))
        _ = try call("DeleteItem", table: table, body: body)
    }

    /// Starts a request body: `{"TableName":"<table>"`.
    static func appendTableName(_ table: String, to body: inout [UInt8]) {
        body += #"{"TableName":"#.utf8
        AWSJSON.writeString(table, into: &body)
    }
}
