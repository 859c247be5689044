/// Where `sync` keeps a source's state between runs, and the lock beside it that lets one run at a time.
///
/// Two implementations: ``LocalStateStore`` (a file, `flock(2)`) and ``S3StateStore`` (an object, a lease
/// object). Calls may come from several threads (the state saver, the lease heartbeat, the main thread).
package protocol StateStore: AnyObject, Sendable {
    /// The state's location as the user gave it.
    var location: String { get }

    /// Takes the run lock; `.held` says why not, having changed nothing.
    func lock() throws -> LockOutcome

    /// Gives up the lock, if held; never throws.
    func unlock()

    /// Whether the lock was lost while held (an S3 lease taken over or not renewed in time); the run must stop.
    var lockLost: Bool { get }

    /// The saved state's bytes, or nil when nothing was saved yet.
    func load() throws -> [UInt8]?

    /// Replaces the saved state: afterwards a reader finds the new bytes, and a crash at any moment leaves the
    /// old or the new bytes, never a mix.
    func save(_ bytes: [UInt8]) throws

    /// Keeps `bytes` (the state as the run found it) beside the state as `<location>.prev`, for rollback.
    func keepPrevious(_ bytes: [UInt8]) throws
}

/// What taking the run lock gave.
package enum LockOutcome: Sendable, Equatable {
    case acquired
    /// Another run holds it: one sentence naming it, for the user.
    case held(reason: String)
}

/// Where `--state` points: a local path, or an S3 object reached with the destination's endpoint and credentials.
package enum StateLocation: Sendable, Equatable {
    case local(path: String)
    case s3(bucket: String, key: String)

    /// Reads `s3://bucket/key` or a path; fails with a ``ConfigError`` naming the value and the fix.
    package static func parse(_ text: String) throws(ConfigError) -> StateLocation {
        guard text.hasPrefix("s3://") else {
            guard !text.isEmpty, !text.hasSuffix("/"), !text.utf8.contains(0) else {
                throw ConfigError(
                    "The state location '\(text)' names no file; give --state a file path such as 'state/users.json' or an object such as 's3://bucket/state/users.json'."
                )
            }
            return .local(path: text)
        }
        let rest = text.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex, rest.index(after: slash) != rest.endIndex,
            !rest.hasSuffix("/")
        else {
            throw ConfigError(
                "The state location '\(text)' names no object; write it as 's3://bucket/key', e.g. 's3://my-bucket/stowage/state.json'."
            )
        }
        return .s3(bucket: String(rest[..<slash]), key: String(rest[rest.index(after: slash)...]))
    }
}
