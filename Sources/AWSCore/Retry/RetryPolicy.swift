/// How often and how long a retryable AWS request is tried: exponential backoff with full jitter.
///
/// Attempt `n` (1-based) that fails with a retryable error waits a uniformly random time in
/// `0 ... min(maxDelaySeconds, baseDelaySeconds × 2^(n−1))` before attempt `n + 1`
/// ("Exponential Backoff And Jitter", https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
/// A request gives up after `maxAttempts` attempts, or when the next wait would end later than
/// `maxSeconds` after the first attempt began.
package struct RetryPolicy: Sendable, Equatable {
    /// Attempts per request, the first included; 1 disables retries.
    package var maxAttempts: Int
    /// Seconds from the first attempt after which no new attempt starts.
    package var maxSeconds: Double
    package var baseDelaySeconds: Double
    package var maxDelaySeconds: Double

    package init(
        maxAttempts: Int = 6, maxSeconds: Double = 60, baseDelaySeconds: Double = 0.2, maxDelaySeconds: Double = 20
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxSeconds = max(0, maxSeconds)
        self.baseDelaySeconds = baseDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
    }

    /// The longest wait after failed attempt `attempt` (1-based); the actual wait is a random fraction of it.
    package func delayCeiling(afterAttempt attempt: Int) -> Double {
        let exponent = Double(min(max(attempt - 1, 0), 62))
        return min(maxDelaySeconds, baseDelaySeconds * pow2(exponent))
    }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        var i = 0.0
        while i < exponent {
            result *= 2
            i += 1
        }
        return result
    }
}
