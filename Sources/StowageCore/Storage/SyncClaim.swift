#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A sync's claim on its start millisecond under one bucket path, so that concurrent syncs never pick the same
/// object names, and a later sync can tell a dead sync's leftovers from a live one's uploads.
///
/// The claim is a small object `<s3_bucket_path>/_stowage/syncs/<epoch>.json`, created only if absent (an
/// epoch already taken moves on to the next millisecond). It names its owner (host, process, boot) and, on S3,
/// carries a heartbeat the owner renews every ``heartbeatSeconds``; locally the owner also holds an `flock(2)`
/// on it. When the sync ends the claim stays as a released tombstone for ``tombstoneSeconds``, so that a sync
/// whose clock stepped back cannot reuse the epoch and overwrite that sync's files; later syncs delete it after.
/// `specs/failure-semantics.md` states the liveness rule.
package final class SyncClaim: @unchecked Sendable {
    // @unchecked: `lock` is set once in `acquire` and released once in `release`, both on the pipeline's thread.
    package let epoch: Int64
    package let key: String
    private let store: any ObjectStore
    private var owner: ClaimOwner
    private var lock: (any ObjectLock)?

    /// How long a claim on S3 stays live after its last heartbeat, when its owner ran on another host.
    package static let leaseSeconds: Int64 = 600
    /// How often the owner of a claim on S3 renews it.
    package static let heartbeatSeconds: Double = 120
    /// How long a dead sync's claim is kept (as a tombstone) before a later sync deletes it.
    package static let tombstoneSeconds: Int64 = 86_400

    private init(epoch: Int64, key: String, store: any ObjectStore, owner: ClaimOwner, lock: (any ObjectLock)?) {
        self.epoch = epoch
        self.key = key
        self.store = store
        self.owner = owner
        self.lock = lock
    }

    /// The folder of every claim under `bucketPath`.
    package static func folder(bucketPath: String) -> String {
        let path = bucketPath.split(separator: "/").joined(separator: "/")
        return (path.isEmpty ? "" : path + "/") + "_stowage/syncs/"
    }

    /// Claims the first free millisecond from `epoch` on; `sync` (this sync's UUID) tells its own claim apart.
    package static func acquire(
        store: any ObjectStore, bucketPath: String, epoch: Int64, sync: String, nowMilliseconds: Int64
    ) throws -> SyncClaim {
        let owner = ClaimOwner.current(sync: sync, nowMilliseconds: nowMilliseconds)
        for candidate in epoch..<(epoch + 1000) {
            let key = folder(bucketPath: bucketPath) + String(candidate) + ".json"
            var lock = try store.putIfAbsentLocked(key: key, bytes: owner.json)
            // A retried create (S3) can find the claim its own first attempt made.
            if lock == nil, !store.supportsLocks, let existing = try store.get(key: key),
                ClaimOwner(json: existing)?.sync == sync
            {
                lock = NoLock()
            }
            guard let lock else { continue }
            return SyncClaim(epoch: candidate, key: key, store: store, owner: owner, lock: lock)
        }
        throw StorageError(
            .other,
            "No free sync claim under '\(folder(bucketPath: bucketPath))' after 1000 tries; remove stale claims there.")
    }

    /// Renews the heartbeat (S3 only; a local claim's lock needs none).
    package func heartbeat(nowMilliseconds: Int64) throws {
        guard !store.supportsLocks else { return }
        owner.heartbeatMilliseconds = nowMilliseconds
        try store.put(key: key, bytes: owner.json)
    }

    /// Marks the claim released (on S3; locally the free lock says so) and drops its lock; never throws (a
    /// claim left live by a failure here is found dead by a later sync all the same).
    package func release(nowMilliseconds: Int64) {
        if !store.supportsLocks {
            owner.released = true
            owner.heartbeatMilliseconds = nowMilliseconds
            try? store.put(key: key, bytes: owner.json)
        }
        lock?.release()
        lock = nil
    }

    /// Whether the claim `key`, whose object holds `body`, belongs to a sync that is still running.
    package static func isLive(
        key: String, body: [UInt8]?, store: any ObjectStore, nowMilliseconds: Int64
    ) -> Bool {
        if store.supportsLocks {
            guard let lock = try? store.lock(key: key) else {
                return (try? store.get(key: key)) != nil  // held by its live owner, unless the claim just went
            }
            lock.release()
            return false
        }
        guard let body, let owner = ClaimOwner(json: body), !owner.released else { return false }
        let me = ClaimOwner.current(sync: "", nowMilliseconds: nowMilliseconds)
        if owner.host == me.host, owner.boot == me.boot {
            return ClaimOwner.processRuns(pid: owner.pid, started: owner.processStart)
        }
        return nowMilliseconds - owner.heartbeatMilliseconds < leaseSeconds * 1000
    }

    /// Whether a dead claim is old enough to delete: its last heartbeat (its release, its start) is more than
    /// ``tombstoneSeconds`` ago.
    package static func isExpired(body: [UInt8]?, nowMilliseconds: Int64) -> Bool {
        guard let body, let owner = ClaimOwner(json: body) else { return true }
        return nowMilliseconds - owner.heartbeatMilliseconds > tombstoneSeconds * 1000
    }

    /// The epoch of a claim's key, `…/_stowage/syncs/<epoch>.json`.
    package static func epoch(ofKey key: String) -> Int64? {
        guard let name = key.split(separator: "/").last, name.hasSuffix(".json") else { return nil }
        return Int64(name.dropLast(5))
    }
}
