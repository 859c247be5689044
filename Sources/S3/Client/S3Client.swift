import AWSCore
import Logging
import SigV4

/// An S3 client for one bucket: signed requests over an ``HTTPTransport``, classified errors, retries.
///
/// Every call blocks the calling thread until the request and its retries end; call it from plain threads,
/// not from Swift concurrency's cooperative pool. It may be used from many threads at once. Memory per call:
/// the request body (never copied), the response body, and a few hundred bytes of headers.
package struct S3Client: Sendable {
    package let bucket: String
    package let endpoint: S3Endpoint
    package let accessKeyId: String
    package var retryPolicy: RetryPolicy
    package let logger: Logger

    private let signer: SigV4Signer
    private let transport: any HTTPTransport
    private let clock: any AWSClock
    private let jitter: any JitterSource

    package init(
        bucket: String, endpoint: S3Endpoint, credentials: SigV4Credentials, transport: any HTTPTransport,
        retryPolicy: RetryPolicy = RetryPolicy(), clock: any AWSClock = AWSSystemClock(),
        jitter: any JitterSource = SystemJitter(), logger: Logger
    ) {
        self.bucket = bucket
        self.endpoint = endpoint
        self.accessKeyId = credentials.accessKeyId
        self.retryPolicy = retryPolicy
        self.logger = logger
        self.signer = SigV4Signer(credentials: credentials, region: endpoint.region, service: "s3")
        self.transport = transport
        self.clock = clock
        self.jitter = jitter
    }

    /// One S3 operation: what to send, independent of the attempt.
    struct Operation {
        var name: String
        var method: String
        /// nil for a bucket request.
        var key: String?
        var query: [(String, String)] = []
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        /// `x-amz-content-sha256`: the body's SHA-256 in hex.
        var payloadHash: String = SigV4.emptyPayloadHash
    }

    /// A 2xx answer and the number of attempts it took.
    struct Outcome {
        var response: HTTPResponse
        var attempts: Int
    }

    /// Sends `operation`, re-signing each attempt, and retries retryable failures under ``retryPolicy``.
    ///
    /// `inspect` sees each 2xx answer and may turn it into an error (S3 can answer 200 with an `<Error>`).
    /// `shouldContinue` is asked before each retry; false stops retrying (an upload being aborted).
    func perform(
        _ operation: Operation,
        inspect: (HTTPResponse) -> S3Error? = { _ in nil },
        shouldContinue: () -> Bool = { true }
    ) throws(S3Error) -> Outcome {
        let start = clock.monotonicSeconds()
        var attempt = 0
        while true {
            attempt += 1
            var failure: S3Error
            do {
                let response = try attemptOnce(operation)
                if (200..<300).contains(response.status) {
                    if let error = inspect(response) {
                        failure = error
                    } else {
                        return Outcome(response: response, attempts: attempt)
                    }
                } else {
                    failure = error(for: operation, response: response)
                }
            } catch {
                failure = self.error(for: operation, transport: error)
            }
            failure.attempts = attempt
            guard failure.isRetryable, attempt < retryPolicy.maxAttempts, shouldContinue() else {
                throw failure
            }
            let delay = jitter.nextFraction() * retryPolicy.delayCeiling(afterAttempt: attempt)
            guard clock.monotonicSeconds() - start + delay <= retryPolicy.maxSeconds else {
                throw failure
            }
            logger.warning(
                "S3 request failed; retrying",
                metadata: [
                    "operation": "\(operation.name)", "key": "\(operation.key ?? "")",
                    "error": "\(failure.internalMessage)", "attempt": "\(attempt)",
                    "delay_ms": "\(Int(delay * 1000))",
                ])
            clock.sleep(seconds: delay)
        }
    }

    /// Signs `operation` with the current time and sends it once.
    private func attemptOnce(_ operation: Operation) throws(HTTPTransportError) -> HTTPResponse {
        let target = endpoint.target(bucket: bucket, key: operation.key)
        var headers = [("host", target.host)] + operation.headers
        headers += signer.signedHeaders(
            method: operation.method, path: target.path, query: operation.query, headers: headers,
            payloadHash: operation.payloadHash, timestamp: clock.epochSeconds())
        var url = target.url
        if !operation.query.isEmpty {
            url += "?" + SigV4.canonicalQueryString(operation.query)
        }
        logger.trace(
            "S3 request",
            metadata: ["method": "\(operation.method)", "url": "\(url)", "bytes": "\(operation.body.count)"])
        return try transport.send(
            HTTPRequest(method: operation.method, url: url, headers: headers, body: operation.body))
    }

    /// An error built from a non-2xx answer (or a 2xx answer with an error document).
    func error(for operation: Operation, response: HTTPResponse) -> S3Error {
        let xml = XMLScanner(response.body)
        let isErrorDocument = xml.rootName == "Error"
        let serverCode = isErrorDocument ? xml.text("Code").flatMap { $0.isEmpty ? nil : $0 } : nil
        let code = S3Error.Code.classify(
            status: response.status, serverCode: serverCode, isBucketRequest: operation.key == nil)
        var error = S3Error(
            code, operation: operation.name, bucket: bucket, key: operation.key, endpoint: endpoint.displayURL,
            accessKeyId: accessKeyId, region: endpoint.region, httpStatus: response.status, serverCode: serverCode,
            requestId: response.header("x-amz-request-id") ?? (isErrorDocument ? xml.text("RequestId") : nil))
        error.bucketRegion = response.header("x-amz-bucket-region") ?? (isErrorDocument ? xml.text("Region") : nil)
        if code == .http, error.bucketRegion != nil, error.bucketRegion != endpoint.region {
            error.code = .wrongRegion
        }
        return error
    }

    func error(for operation: Operation, transport: HTTPTransportError) -> S3Error {
        S3Error(
            .classify(transport.code), operation: operation.name, bucket: bucket, key: operation.key,
            endpoint: endpoint.displayURL, accessKeyId: accessKeyId, region: endpoint.region,
            detail: transport.detail)
    }

    func invalidResponse(_ operation: Operation, _ detail: String) -> S3Error {
        S3Error(
            .invalidResponse, operation: operation.name, bucket: bucket, key: operation.key,
            endpoint: endpoint.displayURL, accessKeyId: accessKeyId, region: endpoint.region, detail: detail)
    }
}
