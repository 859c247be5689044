import AWSCore
import AWSTesting
import Logging
import SigV4
import Synchronization

@testable import S3

let testCredentials = SigV4Credentials(
    accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

func testEndpoint(pathStyle: Bool = true) -> S3Endpoint {
    try! S3Endpoint(url: "http://127.0.0.1:7480", region: "us-east-1", pathStyle: pathStyle)
}

func makeClient(
    _ transport: any HTTPTransport, bucket: String = "bucket", endpoint: S3Endpoint = testEndpoint(),
    retry: RetryPolicy = RetryPolicy(maxAttempts: 4, maxSeconds: 60), clock: ManualAWSClock = ManualAWSClock(),
    jitter: Double = 0.5
) -> S3Client {
    S3Client(
        bucket: bucket, endpoint: endpoint, credentials: testCredentials, transport: transport, retryPolicy: retry,
        clock: clock, jitter: FixedJitter(fraction: jitter), logger: quietLogger)
}

func xmlResponse(_ text: String, status: Int = 200) -> Result<HTTPResponse, HTTPTransportError> {
    .success(HTTPResponse(status: status, body: Array(text.utf8)))
}

/// Deterministic bytes for oracle comparisons.
func patternBytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

/// True the first time only, from any thread.
final class Once: Sendable {
    private let used = Mutex(false)

    func first() -> Bool {
        used.withLock { used in
            defer { used = true }
            return !used
        }
    }
}

let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// Waits for a number of jobs on other threads; rethrows the first failure.
final class Countdown: Sendable {
    private let state: Mutex<(remaining: Int, error: (any Error)?)>

    init(_ count: Int) {
        state = Mutex((count, nil))
    }

    func finish(_ result: Result<Void, any Error>) {
        state.withLock {
            $0.remaining -= 1
            if case .failure(let error) = result, $0.error == nil { $0.error = error }
        }
    }

    func wait() throws {
        while true {
            let (remaining, error) = state.withLock { ($0.remaining, $0.error) }
            if remaining == 0 {
                if let error { throw error }
                return
            }
            AWSSystemClock().sleep(seconds: 0.005)
        }
    }
}
