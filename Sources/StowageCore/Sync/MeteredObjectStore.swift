/// An ``ObjectStore`` that tells a ``SyncMeter`` of every object it makes durable, and passes everything on.
package struct MeteredObjectStore: ObjectStore {
    private let inner: any ObjectStore
    private let meter: SyncMeter

    package init(_ inner: any ObjectStore, meter: SyncMeter) {
        self.inner = inner
        self.meter = meter
    }

    package var location: String { inner.location }
    package func checkBucket() throws { try inner.checkBucket() }
    package func list(prefix: String) throws -> [ObjectInfo] { try inner.list(prefix: prefix) }

    package func put(key: String, bytes: [UInt8]) throws {
        try inner.put(key: key, bytes: bytes)
        meter.stored(key: key, bytes: bytes.count)
    }

    package func delete(keys: [String]) throws { try inner.delete(keys: keys) }

    package func makeUpload(key: String, metadata: [(String, String)]) throws -> any ObjectUpload {
        MeteredUpload(try inner.makeUpload(key: key, metadata: metadata), key: key, meter: meter)
    }

    package func removeEmptyFolders(above key: String) { inner.removeEmptyFolders(above: key) }

    package func putIfAbsent(key: String, bytes: [UInt8]) throws -> Bool {
        let stored = try inner.putIfAbsent(key: key, bytes: bytes)
        if stored { meter.stored(key: key, bytes: bytes.count) }
        return stored
    }

    package func get(key: String) throws -> [UInt8]? { try inner.get(key: key) }
    package func metadata(of key: String) throws -> [String: String]? { try inner.metadata(of: key) }
    package func incompleteUploads(prefix: String) throws -> [IncompleteUpload] {
        try inner.incompleteUploads(prefix: prefix)
    }
    package func discard(_ upload: IncompleteUpload) throws { try inner.discard(upload) }
    package var supportsLocks: Bool { inner.supportsLocks }
    package func lock(key: String) throws -> (any ObjectLock)? { try inner.lock(key: key) }
    package func putIfAbsentLocked(key: String, bytes: [UInt8]) throws -> (any ObjectLock)? {
        try inner.putIfAbsentLocked(key: key, bytes: bytes)
    }
    package var bufferedBytesPerUpload: Int? { inner.bufferedBytesPerUpload }
}

/// One upload, counted when it completes.
private final class MeteredUpload: ObjectUpload {
    private let inner: any ObjectUpload
    private let key: String
    private let meter: SyncMeter
    private var bytes = 0

    init(_ inner: any ObjectUpload, key: String, meter: SyncMeter) {
        self.inner = inner
        self.key = key
        self.meter = meter
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try inner.write(bytes)
        self.bytes += bytes.count
    }

    func complete() throws {
        try inner.complete()
        meter.stored(key: key, bytes: bytes)
    }

    func abort() { inner.abort() }
}
