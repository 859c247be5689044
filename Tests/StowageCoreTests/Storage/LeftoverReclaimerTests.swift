import StowageTesting
import Testing

@testable import StowageCore

@Suite struct LeftoverReclaimerTests {
    static func own(_ key: String) -> Bool { key.hasPrefix("out/s/") && key.hasSuffix(".csv") }

    @Test func aDeadSyncsUploadsAndClaimGo() throws {
        let store = InMemoryObjectStore()
        store.leaveIncompleteUpload(key: "out/s/2023_11_14_1700000000000_0.csv")
        let dead = ClaimOwner(
            sync: "x", host: "h", boot: "b", pid: 1, processStart: "1", startedMilliseconds: 0, heartbeatMilliseconds: 0
        )
        try store.put(key: "out/_stowage/syncs/1700000000000.json", bytes: dead.json)
        let counts = try LeftoverReclaimer.run(store: store, bucketPath: "out", ownFile: Self.own, nowMilliseconds: 10)
        #expect(counts == LeftoverReclaimer.Counts(uploads: 1, claims: 0), "a dead claim stays a day as a tombstone")
        #expect(store.uploadsInProgress == 0)
        let later = SyncClaim.tombstoneSeconds * 1000 + 11
        #expect(
            try LeftoverReclaimer.run(store: store, bucketPath: "out", ownFile: Self.own, nowMilliseconds: later).claims
                == 1)
        #expect(store.allKeys.isEmpty)
    }

    @Test func aLiveSyncsUploadsStay() throws {
        let store = InMemoryObjectStore()
        store.leaveIncompleteUpload(key: "out/s/2023_11_14_1700000000000_0.csv")
        let claim = try SyncClaim.acquire(
            store: store, bucketPath: "out", epoch: 1_700_000_000_000, sync: "other", nowMilliseconds: 0)
        let counts = try LeftoverReclaimer.run(store: store, bucketPath: "out", ownFile: Self.own, nowMilliseconds: 0)
        #expect(counts == LeftoverReclaimer.Counts())
        #expect(store.uploadsInProgress == 1)
        claim.release(nowMilliseconds: 0)
        #expect(
            try LeftoverReclaimer.run(store: store, bucketPath: "out", ownFile: Self.own, nowMilliseconds: 0).uploads
                == 1)
    }

    @Test func uploadsThatAreNotStowagesStay() throws {
        let store = InMemoryObjectStore()
        store.leaveIncompleteUpload(key: "out/s/backup_1700000000000.tar")
        store.leaveIncompleteUpload(key: "elsewhere/s/2023_11_14_1700000000000_0.csv")
        #expect(
            try LeftoverReclaimer.run(store: store, bucketPath: "out", ownFile: Self.own, nowMilliseconds: 0).uploads
                == 0)
        #expect(store.uploadsInProgress == 2)
    }

    @Test func onS3ALeaseOfAnotherHostLastsUntilItsHeartbeatIsOld() throws {
        let store = InMemoryObjectStore(supportsLocks: false)
        store.leaveIncompleteUpload(key: "out/s/2023_11_14_1700000000000_0.csv")
        let elsewhere = ClaimOwner(
            sync: "x", host: "another-host", boot: "b", pid: 1, processStart: "1", startedMilliseconds: 0,
            heartbeatMilliseconds: 1_000_000)
        try store.put(key: "out/_stowage/syncs/1700000000000.json", bytes: elsewhere.json)
        let fresh = 1_000_000 + (SyncClaim.leaseSeconds - 1) * 1000
        #expect(
            try LeftoverReclaimer.run(store: store, bucketPath: "out", ownFile: Self.own, nowMilliseconds: fresh)
                .uploads == 0)
        let stale = 1_000_000 + SyncClaim.leaseSeconds * 1000
        #expect(
            try LeftoverReclaimer.run(store: store, bucketPath: "out", ownFile: Self.own, nowMilliseconds: stale)
                .uploads == 1)
    }

    @Test func onS3AClaimOfThisHostIsLiveExactlyWhileItsProcessRuns() throws {
        let store = InMemoryObjectStore(supportsLocks: false)
        let mine = ClaimOwner.current(sync: "me", nowMilliseconds: 0)
        #expect(SyncClaim.isLive(key: "k", body: mine.json, store: store, nowMilliseconds: .max / 2))
        var gone = mine
        gone.processStart = "0"  // the same pid, a different process
        #expect(!SyncClaim.isLive(key: "k", body: gone.json, store: store, nowMilliseconds: 0))
    }

    @Test func twoSyncsStartingInTheSameMillisecondClaimDifferentEpochs() throws {
        let store = InMemoryObjectStore(supportsLocks: false)
        let first = try SyncClaim.acquire(store: store, bucketPath: "out", epoch: 5, sync: "a", nowMilliseconds: 0)
        let second = try SyncClaim.acquire(store: store, bucketPath: "out", epoch: 5, sync: "b", nowMilliseconds: 0)
        #expect(first.epoch == 5 && second.epoch == 6)
        // A retried create that finds its own first attempt's claim keeps it.
        let again = try SyncClaim.acquire(store: store, bucketPath: "out", epoch: 5, sync: "a", nowMilliseconds: 0)
        #expect(again.epoch == 5)
    }
}
