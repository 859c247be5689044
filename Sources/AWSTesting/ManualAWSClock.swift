import AWSCore
import Synchronization

/// A clock for tests whose time moves only when something sleeps or the test advances it; it records the sleeps.
package final class ManualAWSClock: AWSClock {
    private let state = Mutex((epoch: 1_700_000_000, monotonic: 0.0, sleeps: [Double]()))

    package init() {}

    package func epochSeconds() -> Int { state.withLock { $0.epoch } }
    package func monotonicSeconds() -> Double { state.withLock { $0.monotonic } }
    package func sleep(seconds: Double) {
        state.withLock {
            $0.sleeps.append(seconds)
            $0.monotonic += seconds
            $0.epoch += Int(seconds.rounded(.up))
        }
    }

    /// Moves time on without a sleep, as work that took `seconds` would.
    package func advance(_ seconds: Double) {
        state.withLock {
            $0.monotonic += seconds
            $0.epoch += Int(seconds)
        }
    }

    /// Every sleep so far, in order.
    package var sleeps: [Double] { state.withLock { $0.sleeps } }
}

/// Jitter pinned to one fraction, so retry delays in tests are exact.
package struct FixedJitter: JitterSource {
    package var fraction: Double

    package init(fraction: Double) { self.fraction = fraction }

    package func nextFraction() -> Double { fraction }
}
