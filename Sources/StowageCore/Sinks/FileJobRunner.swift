/// The file sink's I/O side: opens, writes and completes uploads, numbers their parts, lists and deletes earlier
/// files.
///
/// Used by the I/O thread only. Part numbers count from 0 under each file prefix: every name carries the sync's
/// claimed epoch (``SyncClaim``), so no earlier sync's file can have it.
final class FileJobRunner: IOJobRunner {
    private let store: any ObjectStore
    private let wrap: (any ObjectUpload) -> any ObjectUpload
    private var uploads: [Int: (upload: any ObjectUpload, key: String, bytes: Int)] = [:]
    private var nextPart: [String: Int] = [:]
    /// Per stream: the earlier files an overwrite deletes once the sync has succeeded.
    private var snapshots: [Int: [String]] = [:]

    /// `wrap` puts a stage (compression) between the encoder's bytes and each upload.
    init(store: any ObjectStore, wrap: @escaping (any ObjectUpload) -> any ObjectUpload) {
        self.store = store
        self.wrap = wrap
    }

    func perform(_ job: FileJob, background: Background<FileJobResult>) throws -> FileJobResult? {
        switch job {
        case .open(let unit, let stream, let layout, let snapshot, let metadata, let wrapped):
            if snapshot {
                let found = try store.list(prefix: layout.listingPrefix)
                snapshots[stream, default: []] += found.map(\.key).filter(layout.isOwnFile)
            }
            // Names carry the sync's claimed epoch, which no other sync uses: parts start at 0, unlisted.
            let part = nextPart[layout.filePrefix, default: 0]
            nextPart[layout.filePrefix] = part + 1
            let key = layout.key(part: part)
            let upload = try store.makeUpload(key: key, metadata: metadata)
            uploads[unit] = (wrapped ? wrap(upload) : upload, key, 0)
            return nil
        case .write(let unit, let buffer):
            guard let open = uploads[unit] else { return nil }
            try open.upload.write(buffer.bytes)
            uploads[unit]?.bytes += buffer.count
            return nil
        case .finish(let unit):
            // Completing is the slow part for small files (a PUT, or an fsync): several run at once.
            guard let open = uploads.removeValue(forKey: unit) else { return nil }
            let upload = HandedOff(open.upload)
            let (key, bytes) = (open.key, open.bytes)
            background {
                do {
                    try upload.value.complete()
                } catch {
                    upload.value.abort()
                    throw error
                }
                return .committed(unit: unit, key: key, bytes: upload.value.storedBytes ?? bytes)
            }
            return nil
        case .snapshot(let stream, let layout):
            snapshots[stream, default: []] += try store.list(prefix: layout.listingPrefix).map(\.key).filter(
                layout.isOwnFile)
            return nil
        case .heartbeat(let claim):
            try claim.heartbeat(nowMilliseconds: SystemClock().wallMilliseconds())
            return nil
        case .deleteSnapshot(let stream, let belowGeneration):
            var keys = snapshots.removeValue(forKey: stream) ?? []
            if let belowGeneration {
                keys = try keys.filter { key in
                    let generation = try store.metadata(of: key)?[FileSink.generationMetadata].flatMap { Int64($0) }
                    return (generation ?? 0) < belowGeneration
                }
            }
            if !keys.isEmpty { try store.delete(keys: keys) }
            return .deleted(stream: stream, count: keys.count)
        }
    }

    func abandon() {
        for (_, open) in uploads { open.upload.abort() }
        uploads.removeAll()
    }
}

/// An upload handed from the I/O thread to one background thread.
private final class HandedOff: @unchecked Sendable {
    // @unchecked: after the hand-off only the background thread that completes it touches the upload.
    let value: any ObjectUpload

    init(_ value: any ObjectUpload) {
        self.value = value
    }
}
