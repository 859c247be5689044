/// How a caller should react to a failed AWS request, the same for every service.
package enum AWSErrorCategory: String, Sendable {
    /// The user must fix the configuration (bucket or table, credentials, region, endpoint, certificate).
    case configuration
    /// Worth retrying: throttling, server errors, corrupted answers, timeouts, dropped connections.
    case retryable
    /// Anything else: a request the service refused, an answer the client cannot read.
    case other
}
