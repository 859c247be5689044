import AWSCore
import Logging
import Synchronization

/// A clock whose time moves only when something sleeps or the test advances it; it records the sleeps.
final class FakeClock: AWSClock {
    private let state = Mutex((epoch: 1_700_000_000, monotonic: 0.0, sleeps: [Double]()))

    func epochSeconds() -> Int { state.withLock { $0.epoch } }
    func monotonicSeconds() -> Double { state.withLock { $0.monotonic } }
    func sleep(seconds: Double) {
        state.withLock {
            $0.sleeps.append(seconds)
            $0.monotonic += seconds
            $0.epoch += Int(seconds.rounded(.up))
        }
    }
    func advance(_ seconds: Double) {
        state.withLock { $0.monotonic += seconds }
    }
    var sleeps: [Double] { state.withLock { $0.sleeps } }
}

/// Jitter pinned to one fraction.
struct FixedJitter: JitterSource {
    var fraction: Double
    func nextFraction() -> Double { fraction }
}

/// Answers each request with a scripted reply and records what was sent.
final class ScriptedTransport: HTTPTransport {
    typealias Reply = @Sendable (HTTPRequest, Int) -> Result<HTTPResponse, HTTPTransportError>
    private let reply: Reply
    private let sent = Mutex([HTTPRequest]())

    init(_ reply: @escaping Reply) {
        self.reply = reply
    }

    var requests: [HTTPRequest] { sent.withLock { $0 } }

    func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        let index = sent.withLock {
            $0.append(request)
            return $0.count - 1
        }
        return try reply(request, index).get()
    }
}

let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
