import AWSCore
import Testing

@testable import S3

#if canImport(Glibc)
    import Glibc
#endif

/// Upload throughput against the test server; run only when `STOWAGE_S3_BENCH=1`, preferably in release:
/// `STOWAGE_S3_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter S3Benchmark`.
@Suite(
    .enabled(if: IntegrationServer.isAvailable && IntegrationServer.variable("STOWAGE_S3_BENCH") != nil), .serialized)
struct S3Benchmark {
    static let size = 64 << 20
    let client = IntegrationServer.client()

    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let clock = AWSSystemClock()
        let start = clock.monotonicSeconds()
        try body()
        return clock.monotonicSeconds() - start
    }

    func report(_ what: String, _ seconds: Double) {
        let mibPerSecond = Double(Self.size) / Double(1 << 20) / seconds
        print("S3Benchmark: \(what): \(Int(seconds * 1000)) ms, \(Int(mibPerSecond)) MiB/s")
    }

    @Test func digests() {
        let bytes = patternBytes(Self.size)
        report("MD5 + SHA-256 of 64 MiB", seconds { _ = PayloadDigest(bytes) })
    }

    @Test(arguments: [1, 2, 4])
    func multipart64MiBIn8MiBParts(partsInFlight: Int) throws {
        let bytes = patternBytes(Self.size)
        let key = IntegrationServer.prefix("bench") + "object"
        let pool = WorkerPool(threadCount: partsInFlight)
        var best = Double.infinity
        for _ in 0..<3 {
            let writer = MultipartWriter(
                client: client, key: key,
                options: .init(sizing: PartSizing(firstPartSize: 8 << 20), partsInFlight: partsInFlight), pool: pool,
                logger: quietLogger)
            best = min(
                best,
                try seconds {
                    var offset = 0
                    while offset < bytes.count {
                        let end = min(offset + 256 << 10, bytes.count)
                        try bytes[offset..<end].withUnsafeBytes { try writer.write($0) }
                        offset = end
                    }
                    try writer.complete()
                })
        }
        report("multipart 64 MiB, 8 MiB parts, \(partsInFlight) in flight (best of 3)", best)
        _ = try client.deleteObjects(keys: [key])
    }

    @Test func singlePut64MiB() throws {
        let bytes = patternBytes(Self.size)
        let key = IntegrationServer.prefix("bench") + "put"
        var best = Double.infinity
        for _ in 0..<3 {
            best = min(best, try seconds { try client.putObject(key: key, body: bytes) })
        }
        report("single PutObject of 64 MiB (best of 3)", best)
        _ = try client.deleteObjects(keys: [key])
    }
}
