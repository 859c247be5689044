import AWSCore
import AWSTesting
import DynamoDB
import SampleData
import Testing

@testable import StowageCore

@Suite struct DynamoDBConnectionCheckTests {
    typealias F = DynamoDBFixtures

    static func check(_ server: InMemoryDynamoDB, prefix: String = "airbyte") -> String? {
        var uuid = UUIDGenerator(source: SplitMix64(seed: 5))
        return DynamoDBConnectionCheck.run(
            configuration: F.configuration(prefix: prefix), client: F.client(server), uuid: &uuid, pollSeconds: 0.01)
    }

    @Test func aWorkingServerPassesAndKeepsNothing() throws {
        let server = InMemoryDynamoDB(describesUntilActive: 2)
        #expect(Self.check(server) == nil)
        let operations = server.requests.map(\.operation)
        #expect(operations.first == "CreateTable")
        #expect(operations.last == "DeleteTable")
        for operation in ["BatchWriteItem", "GetItem", "Scan"] { #expect(operations.contains(operation)) }
        let table = try #require(server.requests.first?.body["TableName"]?.stringValue)
        #expect(table.hasPrefix("airbyte_stowage_check_"))
        #expect(server.items(in: table).isEmpty)
        #expect(
            server.requests.filter { $0.operation == "DescribeTable" }.count == 3, "waited until the table was ACTIVE")
    }

    @Test(arguments: ["CreateTable", "BatchWriteItem", "GetItem", "Scan", "DeleteTable"])
    func aMissingPermissionIsNamed(_ denied: String) throws {
        let server = InMemoryDynamoDB(fault: { operation, _ in
            operation == denied ? .error(400, type: "AccessDeniedException") : nil
        })
        let message = try #require(Self.check(server))
        #expect(message.contains("was denied \(denied)"), "\(message)")
        #expect(message.contains("grant it dynamodb:\(denied)"))
        if denied != "CreateTable" && denied != "DeleteTable" {
            #expect(server.requests.last?.operation == "DeleteTable", "the test table is removed after a failure")
        }
        if denied == "DeleteTable" {
            #expect(message.contains("could not be deleted"))
            #expect(message.contains("delete it by hand"))
        }
    }

    @Test func anUnknownKeyIsNamed() throws {
        let server = InMemoryDynamoDB(accessKeys: ["SOMEONEELSE"])
        let message = try #require(Self.check(server))
        #expect(message.contains("Access key 'AKIDEXAMPLE' is not known at endpoint 'http://127.0.0.1:5055'"))
        #expect(!message.contains("secret"))
    }
}
