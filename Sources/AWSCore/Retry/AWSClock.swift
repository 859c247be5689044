#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Time as an AWS client needs it: wall-clock seconds to sign with, monotonic seconds for retry budgets, sleeping.
///
/// A parameter so that tests pin signatures and run retries without waiting.
package protocol AWSClock: Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    func epochSeconds() -> Int
    /// A monotonic reading in seconds, for measuring elapsed time.
    func monotonicSeconds() -> Double
    /// Blocks the calling thread.
    func sleep(seconds: Double)
}

/// The machine's clocks; `sleep` blocks the calling thread (never call it on Swift concurrency's pool).
package struct AWSSystemClock: AWSClock {
    package init() {}

    package func epochSeconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int(now.tv_sec)
    }

    package func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    package func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}
