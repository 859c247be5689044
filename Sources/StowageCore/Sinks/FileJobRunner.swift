/// The file sink's I/O side: opens, writes and completes uploads, names them, lists and deletes earlier files.
///
/// Used by the I/O thread only. Part numbers continue after those already present under each file prefix.
final class FileJobRunner: IOJobRunner {
    private let store: any ObjectStore
    private let layouts: [StreamLayout]
    private let wrap: (any ObjectUpload) -> any ObjectUpload
    private var uploads: [Int: (upload: any ObjectUpload, key: String, bytes: Int)] = [:]
    private var nextPart: [String: Int] = [:]
    private var snapshots: [Int: [String]] = [:]

    /// `wrap` puts a stage (compression) between the encoder's bytes and each upload.
    init(store: any ObjectStore, layouts: [StreamLayout], wrap: @escaping (any ObjectUpload) -> any ObjectUpload) {
        self.store = store
        self.layouts = layouts
        self.wrap = wrap
    }

    func perform(_ job: FileJob) throws -> FileJobResult? {
        switch job {
        case .open(let unit, let stream):
            let layout = layouts[stream]
            let key = layout.key(part: try partNumber(for: layout))
            uploads[unit] = (wrap(try store.makeUpload(key: key)), key, 0)
            return nil
        case .write(let unit, let buffer):
            guard let open = uploads[unit] else { return nil }
            try open.upload.write(buffer.bytes)
            uploads[unit]?.bytes += buffer.count
            return nil
        case .finish(let unit):
            guard let open = uploads.removeValue(forKey: unit) else { return nil }
            do {
                try open.upload.complete()
            } catch {
                open.upload.abort()
                throw error
            }
            return .committed(unit: unit, key: open.key, bytes: open.bytes)
        case .snapshot(let stream):
            let layout = layouts[stream]
            let found = try store.list(prefix: layout.listingPrefix)
            snapshots[stream] = found.map(\.key).filter(layout.isOwnFile)
            nextPart[layout.filePrefix] = nextPart(after: found, layout)
            return nil
        case .deleteSnapshot(let stream):
            let keys = snapshots.removeValue(forKey: stream) ?? []
            if !keys.isEmpty { try store.delete(keys: keys) }
            return .deleted(stream: stream, count: keys.count)
        }
    }

    func abandon() {
        for (_, open) in uploads { open.upload.abort() }
        uploads.removeAll()
    }

    /// The next free part number of this sync's names under `layout`'s prefix.
    private func partNumber(for layout: StreamLayout) throws -> Int {
        let prefix = layout.filePrefix
        let part = try nextPart[prefix] ?? nextPart(after: store.list(prefix: prefix), layout)
        nextPart[prefix] = part + 1
        return part
    }

    private func nextPart(after objects: [ObjectInfo], _ layout: StreamLayout) -> Int {
        objects.compactMap { layout.partNumber(of: $0.key) }.max().map { $0 + 1 } ?? 0
    }
}
