import AWSCore
import StowageCore

/// A ``StateStore`` in memory, for tests: one lock, the saved bytes, every save in order, injectable failures.
package final class InMemoryStateStore: StateStore, @unchecked Sendable {
    // @unchecked: every field is guarded by `mutex`.
    private let mutex = ConditionLock()
    private var bytes: [UInt8]?
    private var previous: [UInt8]?
    private var history: [[UInt8]] = []
    private var locked = false
    private var lost = false
    private var failure: (any Error)?

    package init(bytes: [UInt8]? = nil) {
        self.bytes = bytes
    }

    package var location: String { "memory" }
    package var saved: [UInt8]? { mutex.withLock { bytes } }
    package var kept: [UInt8]? { mutex.withLock { previous } }
    package var saves: [[UInt8]] { mutex.withLock { history } }
    package var isLocked: Bool { mutex.withLock { locked } }

    /// Makes every later save throw `error`.
    package func failSaves(with error: any Error) { mutex.withLock { failure = error } }
    /// Makes the lock count as lost.
    package func loseLock() { mutex.withLock { lost = true } }

    package func lock() throws -> LockOutcome {
        mutex.withLock {
            if locked { return .held(reason: "held in memory") }
            locked = true
            return .acquired
        }
    }

    package func unlock() { mutex.withLock { locked = false } }
    package var lockLost: Bool { mutex.withLock { lost } }
    package func load() throws -> [UInt8]? { mutex.withLock { bytes } }

    package func save(_ bytes: [UInt8]) throws {
        try mutex.withLock { () throws -> Void in
            if let failure { throw failure }
            self.bytes = bytes
            history.append(bytes)
        }
    }

    package func keepPrevious(_ bytes: [UInt8]) throws { mutex.withLock { previous = bytes } }
}
