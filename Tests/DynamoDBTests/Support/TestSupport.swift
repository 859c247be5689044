import AWSCore
import AWSTesting
import Logging
import SigV4

@testable import DynamoDB

let testCredentials = SigV4Credentials(
    accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

func makeClient(
    _ transport: any HTTPTransport, endpoint: String = "http://127.0.0.1:5055",
    retry: RetryPolicy = RetryPolicy(maxAttempts: 4, maxSeconds: 60, baseDelaySeconds: 0.2, maxDelaySeconds: 20),
    clock: ManualAWSClock = ManualAWSClock(), jitter: Double = 0.5, credentials: SigV4Credentials = testCredentials
) -> DynamoDBClient {
    DynamoDBClient(
        endpoint: try! DynamoDBEndpoint(url: endpoint, region: "us-east-1"), credentials: credentials,
        transport: transport, retryPolicy: retry, clock: clock, jitter: FixedJitter(fraction: jitter),
        logger: quietLogger)
}

/// `{"id":{"S":"<id>"},"n":{"N":"<n>"}}` as bytes.
func item(_ id: String, _ n: Int = 0) -> [UInt8] {
    AWSJSON.object(["id": .object(["S": .string(id)]), "n": .object(["N": .string(String(n))])]).bytes
}

/// `{"id":{"S":"<id>"}}` as bytes.
func key(_ id: String) -> [UInt8] {
    AWSJSON.object(["id": .object(["S": .string(id)])]).bytes
}
