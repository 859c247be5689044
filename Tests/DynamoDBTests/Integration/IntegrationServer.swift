import AWSCore
import AWSTesting
import SigV4
import Testing

@testable import DynamoDB

/// The moto server the integration tests run against, from `STOWAGE_TEST_DYNAMODB_*`.
///
/// `scripts/dynamodb-test-server.sh start` writes these to `/tmp/stowage-dynamodb-test/env`; `source` it
/// before `swift test` (scripts/test.sh does). Without `STOWAGE_TEST_DYNAMODB_ENDPOINT` the integration
/// suite is skipped; with it, the suite runs and the other variables are required.
enum IntegrationServer {
    static func variable(_ name: String) -> String? { TestEnvironment.value(name) }

    static var endpoint: String? { variable("STOWAGE_TEST_DYNAMODB_ENDPOINT") }
    static var accessKeyId: String? { variable("STOWAGE_TEST_DYNAMODB_ACCESS_KEY_ID") }
    static var secretAccessKey: String? { variable("STOWAGE_TEST_DYNAMODB_SECRET_ACCESS_KEY") }
    static var region: String { variable("STOWAGE_TEST_DYNAMODB_REGION") ?? "us-east-1" }
    static var isConfigured: Bool { endpoint != nil }

    /// A table name no other test uses.
    static func tableName(_ test: String) -> String {
        "stowage-\(test)-\(UInt32.random(in: 0...UInt32.max))"
    }

    static let transport = CurlTransport()

    /// A client for the server; `accessKeyId`/`secretAccessKey` replace the real ones.
    static func client(accessKeyId: String? = nil, secretAccessKey: String? = nil) throws -> DynamoDBClient {
        let endpoint = try #require(endpoint)
        let key = try #require(accessKeyId ?? self.accessKeyId, "STOWAGE_TEST_DYNAMODB_ACCESS_KEY_ID is not set")
        let secret = try #require(
            secretAccessKey ?? self.secretAccessKey, "STOWAGE_TEST_DYNAMODB_SECRET_ACCESS_KEY is not set")
        return DynamoDBClient(
            endpoint: try DynamoDBEndpoint(url: endpoint, region: region),
            credentials: SigV4Credentials(accessKeyId: key, secretAccessKey: secret), transport: transport,
            retryPolicy: RetryPolicy(maxAttempts: 3, maxSeconds: 20, baseDelaySeconds: 0.05), logger: quietLogger)
    }
}
