import AWSCore
import AWSTesting
import Logging
import SigV4

@testable import S3

/// The real S3-compatible server the integration tests run against, from `STOWAGE_TEST_S3_*`.
///
/// `scripts/s3-test-server.sh start` writes these to `/tmp/stowage-s3-test/env`; `source` it before
/// `swift test`. Without them the integration suites are skipped.
enum IntegrationServer {
    static func variable(_ name: String) -> String? { TestEnvironment.value(name) }

    static var endpoint: String? { variable("STOWAGE_TEST_S3_ENDPOINT") }
    static var accessKey: String? { variable("STOWAGE_TEST_S3_ACCESS_KEY") }
    static var secretKey: String? { variable("STOWAGE_TEST_S3_SECRET_KEY") }
    static var region: String { variable("STOWAGE_TEST_S3_REGION") ?? "us-east-1" }
    static var isAvailable: Bool { endpoint != nil && accessKey != nil && secretKey != nil }

    /// One bucket per test process, created on first use.
    static let bucket: String = {
        let name = "stowage-s3-tests-\(UInt32.random(in: 0...UInt32.max))"
        try! client(bucket: name).createBucket()
        return name
    }()

    /// A key prefix no other test uses.
    static func prefix(_ test: String) -> String {
        "\(test)-\(UInt32.random(in: 0...UInt32.max))/"
    }

    static let transport = CurlTransport()

    static func client(
        bucket: String = IntegrationServer.bucket, endpoint url: String? = nil, accessKey: String? = nil,
        secretKey: String? = nil,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 3, maxSeconds: 30, baseDelaySeconds: 0.05)
    ) -> S3Client {
        S3Client(
            bucket: bucket, endpoint: try! S3Endpoint(url: url ?? endpoint!, region: region),
            credentials: SigV4Credentials(
                accessKeyId: accessKey ?? IntegrationServer.accessKey!, secretAccessKey: secretKey ?? self.secretKey!),
            transport: transport, retryPolicy: retry, logger: quietLogger)
    }
}
