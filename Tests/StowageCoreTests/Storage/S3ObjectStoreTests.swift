import AWSCore
import AWSTesting
import Logging
import S3
import Testing

@testable import StowageCore

/// ``S3ObjectStore`` over the in-memory S3 fake: wiring from ``Configuration`` and the environment, the
/// ``ObjectStore`` contract, and the mapping of ``S3Error`` to ``StorageError``.
@Suite struct S3ObjectStoreTests {
    struct NoJitter: JitterSource {
        func nextFraction() -> Double { 0 }
    }

    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let environment = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret-value"]

    static func configuration(bucket: String = "bucket") -> Configuration {
        var configuration = Configuration(bucketName: bucket)
        configuration.endpoint = "http://127.0.0.1:7480"
        configuration.partSize = 5 << 20
        configuration.retryMaxAttempts = 2
        return configuration
    }

    static func store(
        _ server: InMemoryS3Transport, configuration: Configuration = configuration(),
        environment: [String: String] = environment
    ) throws -> S3ObjectStore {
        try S3ObjectStore(
            configuration: configuration, environment: environment, logger: logger, transport: server,
            jitter: NoJitter(), readFile: { _ in nil })
    }

    @Test func locationNamesBucketAndEndpoint() throws {
        #expect(try Self.store(InMemoryS3Transport()).location == "s3://bucket at http://127.0.0.1:7480")
        var aws = Self.configuration()
        aws.endpoint = ""
        aws.region = "eu-west-1"
        #expect(
            try Self.store(InMemoryS3Transport(), configuration: aws).location
                == "s3://bucket at https://s3.eu-west-1.amazonaws.com")
    }

    @Test func putListDeleteRoundTrip() throws {
        let server = InMemoryS3Transport()
        let store = try Self.store(server)
        try store.checkBucket()
        try store.put(key: "a/1.csv", bytes: Array("one".utf8))
        try store.put(key: "a/2 two.csv", bytes: Array("two!".utf8))
        try store.put(key: "b/3.csv", bytes: [])
        #expect(Set(try store.list(prefix: "a/").map(\.key)) == ["a/1.csv", "a/2 two.csv"])
        #expect(try store.list(prefix: "a/").map(\.size).sorted() == [3, 4])
        try store.delete(keys: ["a/1.csv", "a/2 two.csv", "missing"])
        #expect(try store.list(prefix: "").map(\.key) == ["b/3.csv"])
    }

    @Test func uploadsAreInvisibleUntilCompleteAndMultipartWhenLarge() throws {
        let server = InMemoryS3Transport(minimumPartSize: 5 << 20)
        let store = try Self.store(server)
        let upload = try store.makeUpload(key: "big.csv")
        let chunk = [UInt8](repeating: 0x61, count: 1 << 20)
        for _ in 0..<11 {
            try chunk.withUnsafeBytes { try upload.write($0) }
        }
        #expect(try store.list(prefix: "").isEmpty)
        try upload.complete()
        #expect(try store.list(prefix: "") == [ObjectInfo(key: "big.csv", size: 11 << 20)])
        #expect(server.requests.filter { $0.query["partNumber"] != nil }.count == 3)
        #expect(server.openUploads.isEmpty)
    }

    @Test func abortLeavesNoUploadBehind() throws {
        let server = InMemoryS3Transport()
        let store = try Self.store(server)
        let upload = try store.makeUpload(key: "x.csv")
        try [UInt8](repeating: 1, count: 6 << 20).withUnsafeBytes { try upload.write($0) }
        upload.abort()
        upload.abort()
        #expect(server.openUploads.isEmpty)
        #expect(try store.list(prefix: "").isEmpty)
    }

    @Test func missingBucketIsAConfigurationError() throws {
        let store = try Self.store(
            InMemoryS3Transport(buckets: []), configuration: Self.configuration(bucket: "iot-data"))
        let error = #expect(throws: StorageError.self) { try store.checkBucket() }
        #expect(error?.code == .configuration)
        #expect(error?.failureType == .configError)
        #expect(
            error?.message
                == "Bucket 'iot-data' does not exist at endpoint 'http://127.0.0.1:7480'; create it or correct 's3_bucket_name'."
        )
    }

    @Test func serverErrorsAreTransientAfterRetries() throws {
        let server = InMemoryS3Transport(fault: { _, _ in .status(503, code: "SlowDown") })
        let error = #expect(throws: StorageError.self) { try Self.store(server).put(key: "k", bytes: [1]) }
        #expect(error?.code == .transient)
        #expect(server.requests.count == 2)
    }

    @Test func wrongCredentialsNameTheKeyNotTheSecret() throws {
        let server = InMemoryS3Transport(accessKeys: ["SOMEONEELSE"])
        let error = #expect(throws: StorageError.self) { try Self.store(server).checkBucket() }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("'AKIDEXAMPLE'") == true)
        #expect(error?.message.contains("secret-value") == false)
        #expect(error?.internalMessage?.contains("secret-value") == false)
    }

    @Test func missingCredentialsAndBadEndpointsFailAtConstruction() {
        let none = #expect(throws: StorageError.self) {
            try Self.store(InMemoryS3Transport(), environment: [:])
        }
        #expect(none?.code == .configuration)
        var bad = Self.configuration()
        bad.endpoint = "localhost:9000"
        let endpoint = #expect(throws: StorageError.self) { try Self.store(InMemoryS3Transport(), configuration: bad) }
        #expect(endpoint?.code == .configuration)
        #expect(endpoint?.message.contains("'localhost:9000'") == true)
    }

    @Test func configurationKeysWinOverTheEnvironment() throws {
        var configuration = Self.configuration()
        configuration.accessKeyId = "CONFIGKEY"
        configuration.secretAccessKey = "config-secret"
        let server = InMemoryS3Transport(accessKeys: ["CONFIGKEY"])
        try Self.store(server, configuration: configuration).checkBucket()
        #expect(server.requests.first?.header("authorization")?.contains("Credential=CONFIGKEY/") == true)
    }
}
