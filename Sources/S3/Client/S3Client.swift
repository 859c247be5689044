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
    package var retryPolicy: RetryPolicy {
        get { sender.retryPolicy }
        set { sender.retryPolicy = newValue }
    }
    package var logger: Logger { sender.logger }

    private var sender: AWSRequestSender

    package init(
        bucket: String, endpoint: S3Endpoint, credentials: SigV4Credentials, transport: any HTTPTransport,
        retryPolicy: RetryPolicy = RetryPolicy(), clock: any AWSClock = AWSSystemClock(),
        jitter: any JitterSource = SystemJitter(), logger: Logger
    ) {
        self.bucket = bucket
        self.endpoint = endpoint
        self.accessKeyId = credentials.accessKeyId
        self.sender = AWSRequestSender(
            serviceName: "S3", signer: SigV4Signer(credentials: credentials, region: endpoint.region, service: "s3"),
            transport: transport, retryPolicy: retryPolicy, clock: clock, jitter: jitter, logger: logger)
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
    typealias Outcome = AWSRequestSender.Outcome

    /// Sends `operation` through the shared sign-send-retry loop, re-signing each attempt, under ``retryPolicy``.
    ///
    /// `inspect` sees each 2xx answer and may turn it into an error (S3 can answer 200 with an `<Error>`).
    /// `shouldContinue` is asked before each retry; false stops retrying (an upload being aborted).
    func perform(
        _ operation: Operation,
        inspect: @escaping (HTTPResponse) -> S3Error? = { _ in nil },
        shouldContinue: () -> Bool = { true }
    ) throws(S3Error) -> Outcome {
        let target = endpoint.target(bucket: bucket, key: operation.key)
        let request = AWSRequest(
            operation: operation.name, method: operation.method, host: target.host, path: target.path,
            url: target.url, query: operation.query, headers: operation.headers, body: operation.body,
            payloadHash: operation.payloadHash, logMetadata: ["key": "\(operation.key ?? "")"])
        return try sender.send(
            request, classifier: Classifier(client: self, operation: operation, inspect: inspect),
            shouldContinue: shouldContinue)
    }

    /// S3's reading of an answer: a non-2xx status is an error from its XML document (or status alone).
    struct Classifier: AWSErrorClassifier {
        let client: S3Client
        let operation: Operation
        let inspect: (HTTPResponse) -> S3Error?

        func error(for response: HTTPResponse) -> S3Error? {
            (200..<300).contains(response.status)
                ? inspect(response) : client.error(for: operation, response: response)
        }

        func error(for transportError: HTTPTransportError) -> S3Error {
            client.error(for: operation, transport: transportError)
        }
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
