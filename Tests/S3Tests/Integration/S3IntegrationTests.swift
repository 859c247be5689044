import AWSCore
import Testing

@testable import S3

/// The client against a real S3-compatible server (radosgw in CI): see ``IntegrationServer``.
@Suite(
    .enabled(if: IntegrationServer.isAvailable, "set STOWAGE_TEST_S3_* (scripts/s3-test-server.sh start)"), .serialized)
struct S3IntegrationTests {
    let client = IntegrationServer.client()

    @Test func putListGetDeleteWithAwkwardKeys() throws {
        let prefix = IntegrationServer.prefix("keys")
        let names = [
            "plain.csv", "with space.csv", "plus+sign.csv", "equals=1&amp.csv", "ünïcödé/☃.jsonl", "a/b/c~d.gz",
            "percent%20.csv", "quote'\"<>.csv",
        ]
        var expected: [String: [UInt8]] = [:]
        for (i, name) in names.enumerated() {
            let bytes = patternBytes(100 + i, seed: UInt64(i))
            try client.putObject(key: prefix + name, body: bytes)
            expected[prefix + name] = bytes
        }
        let listed = try client.listAllObjects(prefix: prefix)
        #expect(Dictionary(uniqueKeysWithValues: listed.map { ($0.key, $0.size) }) == expected.mapValues(\.count))
        for (key, bytes) in expected {
            #expect(try client.getObject(key: key) == bytes, "\(key)")
            #expect(try client.headObject(key: key)?.size == bytes.count)
        }
        #expect(try client.deleteObjects(keys: Array(expected.keys) + [prefix + "never-existed"]).isEmpty)
        #expect(try client.listAllObjects(prefix: prefix).isEmpty)
        #expect(try client.headObject(key: prefix + "plain.csv") == nil)
    }

    @Test func multipartObjectOfSeveralPartsReadsBackByteForByte() throws {
        let key = IntegrationServer.prefix("multipart") + "object.bin"
        let bytes = patternBytes(3 * 5 * 1024 * 1024 + 12_345, seed: 42)
        let writer = MultipartWriter(
            client: client, key: key, options: .init(sizing: PartSizing(firstPartSize: 5 << 20), partsInFlight: 2),
            pool: WorkerPool(threadCount: 2), logger: quietLogger)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + 300_007, bytes.count)
            try bytes[offset..<end].withUnsafeBytes { try writer.write($0) }
            offset = end
        }
        let result = try writer.complete()
        #expect(result.partCount == 4)
        #expect(writer.peakBufferBytes <= 3 * (5 << 20))
        #expect(try client.headObject(key: key)?.size == bytes.count)
        #expect(try client.getObject(key: key) == bytes)
        #expect(try client.listMultipartUploads(prefix: key).isEmpty)
        _ = try client.deleteObjects(keys: [key])
    }

    @Test func completingTwiceIsSafe() throws {
        let key = IntegrationServer.prefix("complete-twice") + "o"
        let id = try client.createMultipartUpload(key: key)
        let part1 = try client.uploadPart(key: key, uploadId: id, partNumber: 1, body: patternBytes(5 << 20))
        let part2 = try client.uploadPart(key: key, uploadId: id, partNumber: 2, body: [1, 2, 3])
        try client.completeMultipartUpload(key: key, uploadId: id, parts: [part2, part1])
        // As if the first answer had been lost: the server no longer knows the upload, the object is there.
        try client.completeMultipartUpload(key: key, uploadId: id, parts: [part1, part2])
        #expect(try client.headObject(key: key)?.size == (5 << 20) + 3)
        _ = try client.deleteObjects(keys: [key])
    }

    @Test func smallNonLastPartsAreRefusedAsEntityTooSmall() throws {
        let key = IntegrationServer.prefix("too-small") + "o"
        let id = try client.createMultipartUpload(key: key)
        let parts = [
            try client.uploadPart(key: key, uploadId: id, partNumber: 1, body: [1]),
            try client.uploadPart(key: key, uploadId: id, partNumber: 2, body: [2]),
        ]
        let error = #expect(throws: S3Error.self) {
            try client.completeMultipartUpload(key: key, uploadId: id, parts: parts)
        }
        #expect(error?.serverCode == "EntityTooSmall")
        #expect(error?.category == .other)
        try client.abortMultipartUpload(key: key, uploadId: id)
        #expect(try client.listMultipartUploads(prefix: key).isEmpty)
    }

    @Test func moreThanAThousandKeysListInPagesAndDeleteInBatches() throws {
        let prefix = IntegrationServer.prefix("many")
        let keys = (0..<1_100).map { "\(prefix)\($0)" }
        let pool = WorkerPool(threadCount: 4)
        let done = Countdown(keys.count)
        for key in keys {
            let client = self.client
            pool.submit {
                done.finish(Result { try client.putObject(key: key, body: Array(key.utf8)) })
            }
        }
        try done.wait()
        let paged = try client.listAllObjects(prefix: prefix, pageSize: 300)
        #expect(paged.count == 1_100)
        #expect(Set(paged.map(\.key)) == Set(keys))
        #expect(try client.listAllObjects(prefix: prefix).count == 1_100)
        #expect(try client.deleteObjects(keys: keys).isEmpty)
        #expect(try client.listAllObjects(prefix: prefix).isEmpty)
    }

    @Test func abortLeavesNoUploadBehind() throws {
        let key = IntegrationServer.prefix("abort") + "o"
        let writer = MultipartWriter(
            client: client, key: key, options: .init(sizing: PartSizing(firstPartSize: 5 << 20), partsInFlight: 2),
            pool: WorkerPool(threadCount: 2), logger: quietLogger)
        try patternBytes(11 << 20).withUnsafeBytes { try writer.write($0) }
        #expect(try client.listMultipartUploads(prefix: key).count == 1)
        writer.abort()
        #expect(try client.listMultipartUploads(prefix: key).isEmpty)
        #expect(try client.headObject(key: key) == nil)
    }

    @Test func wrongSecretIsAConfigurationErrorNamingTheKeyNotTheSecret() {
        let secret = "wrong-secret-value-0123456789"
        let bad = IntegrationServer.client(secretKey: secret)
        let error = #expect(throws: S3Error.self) { try bad.headBucket() }
        #expect(error?.code == .signatureDoesNotMatch)
        #expect(error?.category == .configuration)
        #expect(error?.message.contains("'\(IntegrationServer.accessKey!)'") == true)
        #expect(error?.description.contains(secret) == false)
        let put = #expect(throws: S3Error.self) { try bad.putObject(key: "x", body: [1]) }
        #expect(put?.code == .signatureDoesNotMatch)
    }

    @Test func unknownAccessKeyIsAConfigurationError() {
        let error = #expect(throws: S3Error.self) {
            try IntegrationServer.client(accessKey: "NOSUCHKEY1234").headBucket()
        }
        #expect(error?.code == .invalidAccessKeyId)
        #expect(error?.message.contains("'NOSUCHKEY1234'") == true)
    }

    @Test func missingBucketIsAConfigurationErrorNamingTheBucket() {
        let error = #expect(throws: S3Error.self) {
            try IntegrationServer.client(bucket: "stowage-no-such-bucket-7").headBucket()
        }
        #expect(error?.code == .noSuchBucket)
        #expect(
            error?.message
                == "Bucket 'stowage-no-such-bucket-7' does not exist at endpoint '\(IntegrationServer.endpoint!)'; create it or correct 's3_bucket_name'."
        )
        let put = #expect(throws: S3Error.self) {
            try IntegrationServer.client(bucket: "stowage-no-such-bucket-7").putObject(key: "k", body: [1])
        }
        #expect(put?.code == .noSuchBucket)
    }

    @Test func aClosedPortIsRetriedThenReportedAsUnreachable() {
        let client = IntegrationServer.client(
            endpoint: "http://127.0.0.1:9", retry: RetryPolicy(maxAttempts: 2, maxSeconds: 5, baseDelaySeconds: 0.01))
        let error = #expect(throws: S3Error.self) { try client.headBucket() }
        #expect(error?.code == .couldNotConnect)
        #expect(error?.attempts == 2)
        #expect(error?.message.contains("'http://127.0.0.1:9'") == true)
    }
}
