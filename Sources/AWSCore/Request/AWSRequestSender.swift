import Logging
import SigV4

/// Signs, sends and retries ``AWSRequest``s: the loop every AWS client here shares, generic over how a
/// service classifies its errors.
///
/// Each attempt is signed with the clock's current time. A retryable failure is retried under
/// ``retryPolicy`` (exponential backoff with full jitter, bounded by attempts and by seconds since the first
/// attempt); any other failure is thrown at once. Calls block the calling thread; call from plain threads,
/// not from Swift concurrency's cooperative pool. Memory per call: the request body (never copied) and the
/// response.
package struct AWSRequestSender: Sendable {
    /// The service's name for logs, e.g. "S3".
    package let serviceName: String
    package var retryPolicy: RetryPolicy
    package let logger: Logger

    private let signer: SigV4Signer
    private let transport: any HTTPTransport
    private let clock: any AWSClock
    private let jitter: any JitterSource

    package init(
        serviceName: String, signer: SigV4Signer, transport: any HTTPTransport, retryPolicy: RetryPolicy,
        clock: any AWSClock, jitter: any JitterSource, logger: Logger
    ) {
        self.serviceName = serviceName
        self.signer = signer
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.jitter = jitter
        self.logger = logger
    }

    /// A successful answer and the number of attempts it took.
    package struct Outcome: Sendable {
        package var response: HTTPResponse
        package var attempts: Int
    }

    /// Sends `request` until `classifier` finds an answer that is no error, or a failure that must not be retried.
    ///
    /// - Parameters:
    ///   - startedAt: the monotonic time the retry budget counts from; by default, now. A caller that sends
    ///     several requests for one piece of work (DynamoDB's unprocessed items) passes its own start, so
    ///     all of them share one ``RetryPolicy/maxSeconds``.
    ///   - shouldContinue: asked before each retry; false stops retrying (an upload being aborted).
    package func send<Classifier: AWSErrorClassifier>(
        _ request: AWSRequest, classifier: Classifier, startedAt: Double? = nil,
        shouldContinue: () -> Bool = { true }
    ) throws(Classifier.Failure) -> Outcome {
        let start = startedAt ?? clock.monotonicSeconds()
        var attempt = 0
        while true {
            attempt += 1
            var failure: Classifier.Failure
            do {
                let response = try sendOnce(request)
                if let error = classifier.error(for: response) {
                    failure = error
                } else {
                    return Outcome(response: response, attempts: attempt)
                }
            } catch {
                failure = classifier.error(for: error)
            }
            failure.attempts = attempt
            guard failure.isRetryable, attempt < retryPolicy.maxAttempts, shouldContinue() else {
                throw failure
            }
            let delay = backoff(afterAttempt: attempt)
            guard mayWait(delay, since: start) else {
                throw failure
            }
            var metadata = request.logMetadata
            metadata["operation"] = "\(request.operation)"
            metadata["error"] = "\(failure.internalMessage)"
            metadata["attempt"] = "\(attempt)"
            metadata["delay_ms"] = "\(Int(delay * 1000))"
            logger.warning("\(serviceName) request failed; retrying", metadata: metadata)
            clock.sleep(seconds: delay)
        }
    }

    /// A random wait after failed attempt `attempt` (1-based): full jitter under the policy's ceiling.
    package func backoff(afterAttempt attempt: Int) -> Double {
        jitter.nextFraction() * retryPolicy.delayCeiling(afterAttempt: attempt)
    }

    /// Whether waiting `delay` seconds now still ends within ``RetryPolicy/maxSeconds`` of `start`.
    package func mayWait(_ delay: Double, since start: Double) -> Bool {
        clock.monotonicSeconds() - start + delay <= retryPolicy.maxSeconds
    }

    /// The monotonic clock's reading, for a caller's own ``send(_:classifier:startedAt:shouldContinue:)`` budget.
    package func now() -> Double {
        clock.monotonicSeconds()
    }

    /// Blocks for `seconds` on the injected clock.
    package func sleep(seconds: Double) {
        clock.sleep(seconds: seconds)
    }

    /// Signs `request` with the current time and sends it once, whatever the answer.
    package func sendOnce(_ request: AWSRequest) throws(HTTPTransportError) -> HTTPResponse {
        var headers = [("host", request.host)] + request.headers
        headers += signer.signedHeaders(
            method: request.method, path: request.path, query: request.query, headers: headers,
            payloadHash: request.payloadHash, timestamp: clock.epochSeconds())
        var url = request.url
        if !request.query.isEmpty {
            url += "?" + SigV4.canonicalQueryString(request.query)
        }
        logger.trace(
            "\(serviceName) request",
            metadata: ["method": "\(request.method)", "url": "\(url)", "bytes": "\(request.body.count)"])
        return try transport.send(HTTPRequest(method: request.method, url: url, headers: headers, body: request.body))
    }
}
