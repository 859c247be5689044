/// Removes what dead syncs left behind under a bucket path: incomplete uploads (S3 multipart uploads, local
/// temporary files) and, once expired, their claims; never a live sync's.
///
/// The rule (`specs/failure-semantics.md`): a leftover belongs to the sync whose claimed epoch it carries — in
/// a local temporary file's name, or as a digit run of an S3 key that is one of Stowage's own file names for a
/// stream of the catalog — and is removed only when no live claim carries that epoch. Uploads are listed before
/// claims, so an upload that appears is always preceded by its owner's claim.
package enum LeftoverReclaimer {
    package struct Counts: Equatable, Sendable {
        package var uploads = 0
        package var claims = 0
    }

    /// Reclaims leftovers under `bucketPath`; `ownFile` says whether an S3 key is one of Stowage's file names.
    package static func run(
        store: any ObjectStore, bucketPath: String, ownFile: (String) -> Bool, nowMilliseconds: Int64
    ) throws -> Counts {
        let path = bucketPath.split(separator: "/").joined(separator: "/")
        let uploads = try store.incompleteUploads(prefix: path.isEmpty ? "" : path + "/")
        let folder = SyncClaim.folder(bucketPath: bucketPath)
        var live = Set<Int64>()
        var dead: [String] = []
        for claim in try store.list(prefix: folder) {
            guard let epoch = SyncClaim.epoch(ofKey: claim.key) else { continue }
            let body = try store.get(key: claim.key)
            if SyncClaim.isLive(key: claim.key, body: body, store: store, nowMilliseconds: nowMilliseconds) {
                live.insert(epoch)
            } else if SyncClaim.isExpired(body: body, nowMilliseconds: nowMilliseconds) {
                dead.append(claim.key)
            }
        }
        var counts = Counts()
        for upload in uploads {
            guard let owners = owners(of: upload, ownFile: ownFile), owners.isDisjoint(with: live) else { continue }
            try store.discard(upload)
            counts.uploads += 1
        }
        if !dead.isEmpty { try store.delete(keys: dead) }
        counts.claims = dead.count
        return counts
    }

    /// The epochs an upload may belong to, or nil when it is not recognisably Stowage's.
    private static func owners(of upload: IncompleteUpload, ownFile: (String) -> Bool) -> Set<Int64>? {
        let name = upload.key.split(separator: "/").last.map(String.init) ?? ""
        if name.hasSuffix(LocalDirectoryStore.temporarySuffix) {
            // `.<epoch>.<random>.stowage-tmp`
            let parts = name.dropFirst().split(separator: ".")
            guard parts.count == 3, let epoch = Int64(parts[0]), epoch > 0 else { return nil }
            return [epoch]
        }
        guard ownFile(upload.key) else { return nil }
        var epochs = Set<Int64>()
        var digits = ""
        for character in upload.key + "/" {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else {
                if let epoch = Int64(digits) { epochs.insert(epoch) }
                digits = ""
            }
        }
        return epochs
    }
}
