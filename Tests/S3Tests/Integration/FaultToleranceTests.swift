import AWSCore
import Testing

@testable import S3

/// Uploads through `scripts/fault_proxy.py` (connection resets before, during and after the server did the
/// work; 503 and 500 answers) still leave every object exactly once and byte-identical.
@Suite(
    .enabled(if: IntegrationServer.isAvailable, "set STOWAGE_TEST_S3_* (scripts/s3-test-server.sh start)"), .serialized)
struct FaultToleranceTests {
    static let patientRetries = RetryPolicy(
        maxAttempts: 10, maxSeconds: 120, baseDelaySeconds: 0.02, maxDelaySeconds: 0.5)
    let direct = IntegrationServer.client()

    @Test func multipartUploadSurvivesResetsAndServerErrors() throws {
        let proxy = try FaultProxy(
            upstream: IntegrationServer.endpoint!, resetRate: 0.3, errorRate: 0.3, seed: 11, maxFaults: 12)
        let client = IntegrationServer.client(endpoint: proxy.endpoint, retry: Self.patientRetries)
        let key = IntegrationServer.prefix("faulty-multipart") + "object.bin"
        let bytes = patternBytes(4 * (5 << 20) + 777, seed: 9)
        let writer = MultipartWriter(
            client: client, key: key, options: .init(sizing: PartSizing(firstPartSize: 5 << 20), partsInFlight: 2),
            pool: WorkerPool(threadCount: 2), logger: quietLogger)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + 1 << 20, bytes.count)
            try bytes[offset..<end].withUnsafeBytes { try writer.write($0) }
            offset = end
        }
        let result = try writer.complete()
        let counts = proxy.stop()
        #expect(result.partCount == 5)
        #expect((counts["faults"] ?? 0) > 0, "\(counts)")
        #expect(try direct.getObject(key: key) == bytes)
        #expect(try direct.listAllObjects(prefix: key).map(\.key) == [key])
        #expect(try direct.listMultipartUploads(prefix: key).isEmpty)
        _ = try direct.deleteObjects(keys: [key])
    }

    @Test func manyPutsLandExactlyOnceAndIntact() throws {
        let proxy = try FaultProxy(
            upstream: IntegrationServer.endpoint!, resetRate: 0.2, errorRate: 0.2, seed: 5, maxFaults: 40)
        let client = IntegrationServer.client(endpoint: proxy.endpoint, retry: Self.patientRetries)
        let prefix = IntegrationServer.prefix("faulty-puts")
        let objects = (0..<100).map { i in (key: "\(prefix)\(i).csv", bytes: patternBytes(i * 97, seed: UInt64(i))) }
        let pool = WorkerPool(threadCount: 4)
        let done = Countdown(objects.count)
        for object in objects {
            pool.submit { done.finish(Result { try client.putObject(key: object.key, body: object.bytes) }) }
        }
        try done.wait()
        let counts = proxy.stop()
        #expect((counts["faults"] ?? 0) > 0, "\(counts)")
        let listed = try direct.listAllObjects(prefix: prefix)
        #expect(listed.count == objects.count)
        #expect(Set(listed.map(\.key)) == Set(objects.map(\.key)))
        for object in objects {
            #expect(try direct.getObject(key: object.key) == object.bytes)
        }
        #expect(try direct.deleteObjects(keys: objects.map(\.key)).isEmpty)
    }
}
