import AWSCore

extension DynamoDBClient {
    /// Creates an on-demand (PAY_PER_REQUEST) table and returns its description, usually `CREATING`.
    ///
    /// API: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html. A table
    /// that exists already is ``DynamoDBError/Code/resourceInUse``. Follow with ``waitUntilActive(table:timeoutSeconds:pollSeconds:)``.
    @discardableResult
    package func createTable(_ definition: DynamoDBTableDefinition) throws(DynamoDBError) -> DynamoDBTableDescription {
        var keys = [definition.hashKey]
        if let range = definition.rangeKey { keys.append(range) }
        let request = AWSJSON.object([
            "TableName": .string(definition.name),
            "BillingMode": .string("PAY_PER_REQUEST"),
            "AttributeDefinitions": .array(
                keys.map { .object(["AttributeName": .string($0.name), "AttributeType": .string($0.type.rawValue)]) }),
            "KeySchema": .array(
                keys.enumerated().map { index, key in
                    .object(["AttributeName": .string(key.name), "KeyType": .string(index == 0 ? "HASH" : "RANGE")])
                }),
        ])
        let answer = try call("CreateTable", table: definition.name, body: request.bytes)
        return try description(answer["TableDescription"], "CreateTable", table: definition.name)
    }

    /// The table's status and key schema (DescribeTable).
    package func describeTable(_ table: String) throws(DynamoDBError) -> DynamoDBTableDescription {
        let answer = try call("DescribeTable", table: table, body: AWSJSON.object(["TableName": .string(table)]).bytes)
        return try description(answer["Table"], "DescribeTable", table: table)
    }

    /// Polls DescribeTable until the table is `ACTIVE`, and returns that description.
    ///
    /// A table not found yet counts as still being created (DescribeTable can lag just after CreateTable).
    /// Gives up with ``DynamoDBError/Code/tableNotActive`` once `timeoutSeconds` have passed, or at once
    /// when the table is being deleted.
    @discardableResult
    package func waitUntilActive(
        table: String, timeoutSeconds: Double = 120, pollSeconds: Double = 0.5
    ) throws(DynamoDBError) -> DynamoDBTableDescription {
        let start = sender.now()
        var status = "not found"
        while true {
            do throws(DynamoDBError) {
                let description = try describeTable(table)
                if description.isActive { return description }
                status = description.status
                if status == "DELETING" {
                    throw error(.tableNotActive, "DescribeTable", table: table, detail: "it is being deleted")
                }
            } catch let error where error.code == .resourceNotFound {
                status = "not found"
            }
            guard sender.now() - start + pollSeconds <= timeoutSeconds else {
                throw error(
                    .tableNotActive, "DescribeTable", table: table,
                    detail: "still \(status) after \(Int(timeoutSeconds)) s")
            }
            sender.sleep(seconds: pollSeconds)
        }
    }

    /// Deletes the table and all its items (DeleteTable); the table is `DELETING` for a while afterwards.
    package func deleteTable(_ table: String) throws(DynamoDBError) {
        _ = try call("DeleteTable", table: table, body: AWSJSON.object(["TableName": .string(table)]).bytes)
    }

    private func description(
        _ json: AWSJSON?, _ operation: String, table: String
    ) throws(DynamoDBError) -> DynamoDBTableDescription {
        guard let json, let name = json["TableName"]?.stringValue, let status = json["TableStatus"]?.stringValue
        else {
            throw error(.invalidResponse, operation, table: table, detail: "answer without TableName or TableStatus")
        }
        var types: [String: DynamoDBKeyType] = [:]
        for definition in json["AttributeDefinitions"]?.arrayValue ?? [] {
            if let name = definition["AttributeName"]?.stringValue,
                let type = definition["AttributeType"]?.stringValue.flatMap(DynamoDBKeyType.init(rawValue:))
            {
                types[name] = type
            }
        }
        var result = DynamoDBTableDescription(
            name: name, status: status, itemCount: json["ItemCount"]?.numberText.flatMap { Int($0) })
        for element in json["KeySchema"]?.arrayValue ?? [] {
            guard let attribute = element["AttributeName"]?.stringValue, let type = types[attribute] else { continue }
            switch element["KeyType"]?.stringValue {
            case "HASH": result.hashKey = DynamoDBKeyAttribute(attribute, type)
            case "RANGE": result.rangeKey = DynamoDBKeyAttribute(attribute, type)
            default: break
            }
        }
        return result
    }
}
