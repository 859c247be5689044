import AWSCore
import DynamoDB

/// What `check` does for DynamoDB: creates a test table named like the sync's tables, writes a test item with
/// BatchWriteItem, reads it back (GetItem and Scan), deletes it, and deletes the table, leaving nothing behind.
///
/// Each step is one permission the sync needs (`dynamodb:CreateTable`, `DescribeTable`, `BatchWriteItem`,
/// `GetItem`, `Scan`, `DeleteTable`), so a refusal names the permission that is missing.
package enum DynamoDBConnectionCheck {
    /// The test table's name: `<prefix>_stowage_check_<8 hex digits>` (or without the prefix).
    package static func tableName(prefix: String?, uuid: inout UUIDGenerator) -> String {
        let suffix = "stowage_check_" + uuid.string().prefix(8)
        return prefix.map { "\($0)_\(suffix)" } ?? suffix
    }

    /// Runs the check and returns nil on success or the one-sentence reason it failed.
    package static func run(
        configuration: Configuration, client: DynamoDBClient, uuid: inout UUIDGenerator,
        tableWaitSeconds: Double = 120, pollSeconds: Double = 0.25
    ) -> String? {
        let prefix = configuration.dynamoDB?.tableNamePrefix
        let table = tableName(prefix: prefix, uuid: &uuid)
        guard DynamoDBTableName.lengths.contains(table.utf8.count) else {
            return
                "The prefix '\(prefix ?? "")' makes table names longer than DynamoDB's 255 characters; shorten 'dynamodb_table_name_prefix'."
        }
        let id = uuid.string()
        let key = AWSJSON.object(["id": .object(["S": .string(id)])])
        let item = AWSJSON.object([
            "id": .object(["S": .string(id)]), "check": .object(["S": .string("stowage connection test")]),
        ])
        var created = false
        do throws(DynamoDBError) {
            try client.createTable(
                DynamoDBTableDefinition(name: table, hashKey: DynamoDBKeyAttribute("id", .string)))
            created = true
            try client.waitUntilActive(table: table, timeoutSeconds: tableWaitSeconds, pollSeconds: pollSeconds)
            try client.batchWriteItem(table: table, requests: [.put(item: item.bytes)])
            guard try client.getItem(table: table, key: key.bytes)?["check"] == item["check"] else {
                return cleanUp(
                    client, table,
                    "The test item written to table '\(table)' at endpoint '\(client.endpoint.displayURL)' did not read back the same; check the endpoint."
                )
            }
            let page = try client.scan(DynamoDBScanRequest(table: table, limit: 10, consistentRead: true))
            guard page.items.contains(where: { $0["id"] == key["id"] }) else {
                return cleanUp(
                    client, table,
                    "The test item written to table '\(table)' at endpoint '\(client.endpoint.displayURL)' is missing from a Scan; check the endpoint."
                )
            }
            try client.batchWriteItem(table: table, requests: [.delete(key: key.bytes)])
            guard try client.getItem(table: table, key: key.bytes) == nil else {
                return cleanUp(
                    client, table,
                    "The test item in table '\(table)' at endpoint '\(client.endpoint.displayURL)' could not be deleted; grant dynamodb:BatchWriteItem."
                )
            }
            try client.deleteTable(table)
            return nil
        } catch {
            return created ? cleanUp(client, table, error.message) : error.message
        }
    }

    /// Deletes the test table after a failed step; says so when even that fails.
    private static func cleanUp(_ client: DynamoDBClient, _ table: String, _ reason: String) -> String {
        do throws(DynamoDBError) {
            try client.deleteTable(table)
            return reason
        } catch {
            return
                "\(reason.dropLast()), and the test table '\(table)' could not be deleted (\(error.message.dropLast())); delete it by hand."
        }
    }
}
