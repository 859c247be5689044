import AWSCore
import Logging
import S3

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state in an S3 object, and a lease object `<key>.lock` beside it that lets one run at a time.
///
/// The lease (`specs/sync.md`) is created with `If-None-Match: *`, renewed every quarter of its length with
/// `If-Match` on its last ETag, taken over (with `If-Match` on the stale ETag) only once its holder has not
/// renewed it for its whole length, and deleted at the end. The state is one PUT conditional on the ETag this
/// run last read or wrote, or on its absence, so a run that lost its lease never overwrites a newer state.
/// Expiry compares the holder's wall clock, written in the lease, with this host's: hosts' clocks must agree to
/// well within the lease.
package final class S3StateStore: StateStore, @unchecked Sendable {  // mutable state is guarded by `mutex`
    package let location: String
    private let client: S3Client
    private let key: String
    private var leaseKey: String { key + ".lock" }
    private let identity: RunIdentity
    private let leaseSeconds: Double
    private let logger: Logger
    private let mutex = ConditionLock()
    private var stateExists = false
    private var stateETag: String?
    private var leaseETag: String?
    private var holding = false
    private var lost = false
    private var stopping = false
    private var heartbeatRunning = false
    private var renewedAt = 0.0
    /// Whether `If-Match` carries the ETag in quotes: radosgw 16.2 matches only the bare one, which is tried first.
    private var quotesETags = false

    /// A store for object `key` of `client`'s bucket, with leases of `leaseSeconds`.
    package init(
        client: S3Client, key: String, leaseSeconds: Double, identity: RunIdentity = .current(), logger: Logger
    ) {
        self.client = client
        self.key = key
        self.leaseSeconds = leaseSeconds
        self.identity = identity
        self.logger = logger
        location = "s3://\(client.bucket)/\(key)"
    }

    deinit { unlock() }

    // MARK: Lease

    package func lock() throws -> LockOutcome {
        for _ in 0..<3 {
            let body = leaseBody()
            switch try s3({ () throws(S3Error) in try client.putObjectIfNoneMatch(key: leaseKey, body: body) }) {
            case .stored(let etag):
                try checkConditionsAreHonoured(body)
                return try acquired(etag: etag)
            case .conditionFailed:
                guard let current = try s3({ () throws(S3Error) in try client.getVersionedObject(key: leaseKey) })
                else { continue }  // released in between: try again
                let lease = try? JSONValue.parse(current.body)
                let holder = lease.flatMap(RunIdentity.init)
                if holder?.runID == identity.runID { return try acquired(etag: current.etag) }  // our retried PUT
                guard let lease, let holder, case .number(let renewedText)? = lease["renewed_at"],
                    let renewed = Int64(renewedText), case .number(let lengthText)? = lease["lease_seconds"],
                    let length = Double(lengthText)
                else {
                    return .held(
                        reason:
                            "The lock '\(location).lock' holds no lease Stowage can read; nothing was done, so delete it if no run is active and try again."
                    )
                }
                let age = Double(SystemClock().wallMilliseconds() - renewed) / 1000
                if age <= length {
                    return .held(
                        reason:
                            "Another stowage sync (\(holder.description)) holds the lease '\(location).lock', renewed \(Int(age.rounded())) s ago for \(Int(length)) s; nothing was done, so let that run finish or wait for its lease to expire."
                    )
                }
                guard let etag = current.etag else { continue }
                if case .stored(let newETag) = try putIfMatch(leaseKey, body, etag) {
                    logger.warning(
                        "Took over the lock of a run whose lease expired \(Int((age - length).rounded())) s ago.",
                        metadata: ["lock": "\(location).lock", "holder": "\(holder.description)"])
                    return try acquired(etag: newETag)
                }
            }
        }
        return .held(
            reason:
                "The lock '\(location).lock' kept changing hands while this run tried to take it; nothing was done, so try again later."
        )
    }

    /// Asks again to create the lease that now exists: a server that stores it a second time ignores
    /// `If-None-Match`, and cannot keep runs apart.
    private func checkConditionsAreHonoured(_ body: [UInt8]) throws {
        guard
            case .stored = try s3({ () throws(S3Error) in try client.putObjectIfNoneMatch(key: leaseKey, body: body) })
        else { return }
        try? s3 { () throws(S3Error) in try client.deleteObject(key: leaseKey) }
        throw StorageError(
            .configuration,
            "The S3 server at '\(client.endpoint.displayURL)' ignores 'If-None-Match', so it cannot keep two runs apart; keep --state in a local file instead."
        )
    }

    private func acquired(etag: String?) throws -> LockOutcome {
        let etag = try etag ?? s3 { () throws(S3Error) in try client.headObject(key: leaseKey)?.etag }
        mutex.withLock {
            leaseETag = etag
            holding = true
            stopping = false
            heartbeatRunning = true
            renewedAt = SystemClock().monotonicSeconds()
        }
        pthread_detach(PipelineThread.start("lease heartbeat") { [self] in heartbeat() })
        return .acquired
    }

    private func leaseBody() -> [UInt8] {
        let members =
            identity.members + [
                ("renewed_at", JSONValue.number(String(SystemClock().wallMilliseconds()))),
                ("lease_seconds", .number(String(Int(leaseSeconds.rounded(.up))))),
            ]
        return Array(JSONValue.object(members).serialized.utf8)
    }

    private func heartbeat() {
        let interval = max(250, Int(leaseSeconds * 250))
        while true {
            let stop = mutex.withLock {
                if !stopping { mutex.wait(milliseconds: interval) }
                return stopping
            }
            if stop { break }
            renew()
        }
        mutex.withLock {
            heartbeatRunning = false
            mutex.broadcast()
        }
    }

    private func renew() {
        guard let etag = mutex.withLock({ leaseETag }) else { return }
        let body = leaseBody()
        do {
            switch try putIfMatch(leaseKey, body, etag) {
            case .stored(let newETag):
                let known = try newETag ?? s3 { () throws(S3Error) in try client.headObject(key: leaseKey)?.etag }
                mutex.withLock {
                    leaseETag = known
                    renewedAt = SystemClock().monotonicSeconds()
                }
            case .conditionFailed:
                let current = try s3 { () throws(S3Error) in try client.getVersionedObject(key: leaseKey) }
                if let current, current.body == body {
                    mutex.withLock {
                        leaseETag = current.etag
                        renewedAt = SystemClock().monotonicSeconds()
                    }
                    return
                }
                mutex.withLock { lost = true }
                logger.error("This run's lease was taken over by another run.", metadata: ["lock": "\(location).lock"])
            }
        } catch {
            let overdue = mutex.withLock { () -> Bool in
                if SystemClock().monotonicSeconds() - renewedAt > leaseSeconds { lost = true }
                return lost
            }
            logger.warning(
                "The lease could not be renewed\(overdue ? " before it expired" : "; trying again").",
                metadata: [
                    "lock": "\(location).lock", "error": "\((error as? any UserFacingError)?.message ?? "\(error)")",
                ])
        }
    }

    package var lockLost: Bool { mutex.withLock { lost } }

    package func unlock() {
        let held = mutex.withLock { () -> Bool in
            stopping = true
            mutex.broadcast()
            while heartbeatRunning { mutex.wait(milliseconds: 100) }
            defer { holding = false }
            return holding && !lost
        }
        guard held else { return }
        do {
            let current = try s3 { () throws(S3Error) in try client.getVersionedObject(key: leaseKey) }
            guard let current, current.body.isEmpty == false,
                let holder = (try? JSONValue.parse(current.body)).flatMap(RunIdentity.init),
                holder.runID == identity.runID
            else { return }
            try s3 { () throws(S3Error) in try client.deleteObject(key: leaseKey) }
        } catch {
            logger.warning(
                "The lock could not be released; it expires by itself.", metadata: ["lock": "\(location).lock"])
        }
    }

    // MARK: State

    package func load() throws -> [UInt8]? {
        let object = try s3 { () throws(S3Error) in try client.getVersionedObject(key: key) }
        mutex.withLock {
            stateExists = object != nil
            stateETag = object?.etag
        }
        return object?.body
    }

    package func save(_ bytes: [UInt8]) throws {
        let (exists, etag, isLost) = mutex.withLock { (stateExists, stateETag, lost) }
        guard !isLost else { throw lockLostError }
        let result: S3ConditionalPut
        if exists, let etag {
            result = try putIfMatch(key, bytes, etag)
        } else if exists {
            result = .stored(etag: nil)
            try s3 { () throws(S3Error) in _ = try client.putObject(key: key, body: bytes) }
        } else {
            result = try s3 { () throws(S3Error) in try client.putObjectIfNoneMatch(key: key, body: bytes) }
        }
        switch result {
        case .stored(let newETag):
            let known = try newETag ?? s3 { () throws(S3Error) in try client.headObject(key: key)?.etag }
            mutex.withLock {
                stateExists = true
                stateETag = known
            }
        case .conditionFailed:
            let current = try s3 { () throws(S3Error) in try client.getVersionedObject(key: key) }
            guard let current, current.body == bytes else { throw lockLostError }
            mutex.withLock {
                stateExists = true
                stateETag = current.etag
            }
        }
    }

    package func keepPrevious(_ bytes: [UInt8]) throws {
        try s3 { () throws(S3Error) in _ = try client.putObject(key: key + ".prev", body: bytes) }
    }

    private var lockLostError: SyncError {
        SyncError(
            .lockLost,
            "The state '\(location)' was changed by another run, or this run's lease on it was lost; this run stopped without saving over it, so check for overlapping runs."
        )
    }

    // MARK: Conditional writes

    /// A PUT with `If-Match`; when the condition fails although the object still has that ETag, the server
    /// refused the spelling, so the other one (quoted or bare) is tried once and kept.
    private func putIfMatch(_ key: String, _ body: [UInt8], _ etag: String) throws -> S3ConditionalPut {
        let first = try s3 { () throws(S3Error) in try client.putObject(key: key, body: body, ifMatch: spelled(etag)) }
        guard first == .conditionFailed else { return first }
        guard let current = try s3({ () throws(S3Error) in try client.getVersionedObject(key: key) }),
            let currentETag = current.etag, Self.bare(currentETag) == Self.bare(etag)
        else { return .conditionFailed }
        mutex.withLock { quotesETags.toggle() }
        return try s3 { () throws(S3Error) in try client.putObject(key: key, body: body, ifMatch: spelled(etag)) }
    }

    private func spelled(_ etag: String) -> String {
        let bare = Self.bare(etag)
        return mutex.withLock { quotesETags } ? "\"\(bare)\"" : bare
    }

    static func bare(_ etag: String) -> String {
        var text = Substring(etag)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = text.dropFirst().dropLast() }
        return String(text)
    }

    private func s3<R>(_ body: () throws(S3Error) -> R) throws(StorageError) -> R {
        do {
            return try body()
        } catch {
            throw S3ObjectStore.storageError(error)
        }
    }
}
