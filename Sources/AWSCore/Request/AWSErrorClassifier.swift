/// What ``AWSRequestSender`` needs to know of a service's error type to decide on a retry.
package protocol AWSServiceError: Error {
    /// Whether another attempt may succeed: throttling, server errors, timeouts, dropped connections.
    var isRetryable: Bool { get }
    /// Attempts made before giving up, the first included; the sender sets it.
    var attempts: Int { get set }
    /// Detail for the operator's log (status, server code, request id); never a secret.
    var internalMessage: String { get }
}

/// Turns each answer, or its absence, into a service's error: S3 reads XML error documents, DynamoDB reads
/// the JSON `__type`.
package protocol AWSErrorClassifier {
    associatedtype Failure: AWSServiceError

    /// The error that `response` stands for, or nil when it is a success; it sees every answer, 2xx included
    /// (S3 can answer 200 with an `<Error>` document, and a DynamoDB answer can fail its CRC-32).
    func error(for response: HTTPResponse) -> Failure?
    /// The error for a request that got no answer at all.
    func error(for transportError: HTTPTransportError) -> Failure
}
