import Logging
import SigV4

/// One AWS API request as a client builds it, the same for every attempt: where it goes, what it carries.
///
/// The signature, `x-amz-date` and `x-amz-content-sha256` are not part of it: ``AWSRequestSender`` adds
/// them afresh to each attempt.
package struct AWSRequest: Sendable {
    /// The API operation, e.g. "PutObject" or "BatchWriteItem"; for logs.
    package var operation: String
    package var method: String
    /// The `Host` header: the host, with the port when the URL names one.
    package var host: String
    /// The path exactly as sent on the wire, percent-encoded.
    package var path: String
    /// `scheme://host[:port]` followed by ``path``; the query is added by the sender.
    package var url: String
    /// Unencoded name/value pairs, sent in canonical order.
    package var query: [(String, String)]
    /// Headers other than `host` and the ones the signer adds, names in lower case.
    package var headers: [(String, String)]
    /// Sent as it is on every attempt; never copied.
    package var body: [UInt8]
    /// `x-amz-content-sha256`: the body's SHA-256 in lower-case hex.
    package var payloadHash: String
    /// What the retry and trace logs add about the request, e.g. the key or the table.
    package var logMetadata: Logger.Metadata

    package init(
        operation: String, method: String, host: String, path: String, url: String, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: [UInt8] = [], payloadHash: String? = nil,
        logMetadata: Logger.Metadata = [:]
    ) {
        self.operation = operation
        self.method = method
        self.host = host
        self.path = path
        self.url = url
        self.query = query
        self.headers = headers
        self.body = body
        self.payloadHash = payloadHash ?? (body.isEmpty ? SigV4.emptyPayloadHash : SigV4.sha256Hex(body))
        self.logMetadata = logMetadata
    }
}
