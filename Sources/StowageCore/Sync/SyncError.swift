/// A failure of `sync` or `catalog` itself: the source, the state, the lock; one sentence naming the fix.
package struct SyncError: Error, UserFacingError, Equatable {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String
        package var description: String { name }

        /// The source program could not be started.
        package static let sourceNotStarted = Code(name: "source not started")
        /// The source exited non-zero, was killed, or reported an error.
        package static let sourceFailed = Code(name: "source failed")
        /// The source printed nothing for longer than `--idle-timeout`.
        package static let sourceIdle = Code(name: "source idle")
        /// Another run holds the lock beside the state.
        package static let lockHeld = Code(name: "lock held")
        /// This run's S3 lease was taken over or could not be renewed, or the state changed under it.
        package static let lockLost = Code(name: "lock lost")
        /// The saved state cannot be read as Airbyte state messages.
        package static let badState = Code(name: "bad state")
        /// The state could not be saved.
        package static let stateNotSaved = Code(name: "state not saved")
        /// The state's folder or lock may not be used (permissions, a read-only disk).
        package static let stateUnreachable = Code(name: "state unreachable")
        /// The source's `discover` gave no catalog.
        package static let noCatalog = Code(name: "no catalog")
    }

    package var code: Code
    package var message: String
    package var internalMessage: String?

    package init(_ code: Code, _ message: String, internalMessage: String? = nil) {
        self.code = code
        self.message = message
        self.internalMessage = internalMessage
    }

    package var failureType: FailureType {
        switch code {
        case .sourceNotStarted, .badState, .stateUnreachable: .configError
        case .lockHeld, .lockLost, .stateNotSaved, .sourceIdle: .transientError
        default: .systemError
        }
    }
}
