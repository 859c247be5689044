import AWSCore
import StowageCore

/// An object store in memory, with the same visibility rule as the real ones: the fake for tests.
///
/// It can be told to fail every complete, hold uploads that a crashed process left, keep metadata, and lock
/// like a local directory (``supportsLocks``) or not, like S3.
package final class InMemoryObjectStore: ObjectStore, @unchecked Sendable {
    // @unchecked: every field is guarded by `lock`.
    private let mutex = ConditionLock()
    private var objects: [String: [UInt8]] = [:]
    private var metadata: [String: [(String, String)]] = [:]
    /// Uploads in progress, by id: their key.
    private var pending: [String: String] = [:]
    private var nextID = 0
    private var failCompletes = false
    private var locks: Set<String> = []
    package let supportsLocks: Bool

    package init(objects: [String: [UInt8]] = [:], supportsLocks: Bool = true) {
        self.objects = objects
        self.supportsLocks = supportsLocks
    }

    package var location: String { "bucket 'memory'" }

    /// The data objects' keys, sorted: Stowage's control objects (`_stowage/` claims) left out.
    package var keys: [String] { allKeys.filter { !$0.split(separator: "/").contains("_stowage") } }
    /// Every key, control objects included.
    package var allKeys: [String] { mutex.withLock { objects.keys.sorted() } }
    package func object(_ key: String) -> [UInt8]? { mutex.withLock { objects[key] } }
    package func metadata(of key: String) -> [(String, String)] { mutex.withLock { metadata[key] ?? [] } }
    package var uploadsInProgress: Int { mutex.withLock { pending.count } }

    package func failCompletions() { mutex.withLock { failCompletes = true } }

    /// An upload some other (dead) process started and never finished.
    package func leaveIncompleteUpload(key: String) {
        mutex.withLock {
            nextID += 1
            pending["left-\(nextID)"] = key
        }
    }

    package func checkBucket() throws {}

    package func list(prefix: String) throws -> [ObjectInfo] {
        mutex.withLock {
            objects.filter { $0.key.hasPrefix(prefix) }.map { ObjectInfo(key: $0.key, size: $0.value.count) }
        }
    }

    package func put(key: String, bytes: [UInt8]) throws {
        mutex.withLock { objects[key] = bytes }
    }

    package func delete(keys: [String]) throws {
        mutex.withLock {
            for key in keys {
                objects[key] = nil
                metadata[key] = nil
            }
        }
    }

    package func putIfAbsent(key: String, bytes: [UInt8]) throws -> Bool {
        mutex.withLock {
            guard objects[key] == nil else { return false }
            objects[key] = bytes
            return true
        }
    }

    package func get(key: String) throws -> [UInt8]? { object(key) }

    package func metadata(of key: String) throws -> [String: String]? {
        mutex.withLock {
            guard objects[key] != nil else { return nil }
            var found: [String: String] = [:]
            for (name, value) in metadata[key] ?? [] { found[name.lowercased()] = value }
            return found
        }
    }

    package func incompleteUploads(prefix: String) throws -> [IncompleteUpload] {
        mutex.withLock {
            pending.filter { $0.value.hasPrefix(prefix) }.map { IncompleteUpload(key: $0.value, id: $0.key) }
        }
    }

    package func discard(_ upload: IncompleteUpload) throws {
        _ = mutex.withLock { pending.removeValue(forKey: upload.id) }
    }

    package func lock(key: String) throws -> (any ObjectLock)? {
        mutex.withLock {
            guard !locks.contains(key) else { return nil }
            locks.insert(key)
            return MemoryLock(store: self, key: key)
        }
    }

    package func putIfAbsentLocked(key: String, bytes: [UInt8]) throws -> (any ObjectLock)? {
        mutex.withLock { () -> (any ObjectLock)? in
            guard objects[key] == nil else { return nil }
            objects[key] = bytes
            guard supportsLocks else { return NoLock() }
            locks.insert(key)
            return MemoryLock(store: self, key: key)
        }
    }

    fileprivate func unlock(_ key: String) {
        _ = mutex.withLock { locks.remove(key) }
    }

    package func makeUpload(key: String, metadata: [(String, String)]) throws -> any ObjectUpload {
        let id = mutex.withLock {
            nextID += 1
            pending["upload-\(nextID)"] = key
            return "upload-\(nextID)"
        }
        return Upload(store: self, key: key, id: id, metadata: metadata)
    }

    private final class MemoryLock: ObjectLock {
        let store: InMemoryObjectStore
        let key: String
        var held = true

        init(store: InMemoryObjectStore, key: String) {
            self.store = store
            self.key = key
        }

        func release() {
            guard held else { return }
            held = false
            store.unlock(key)
        }
    }

    private final class Upload: ObjectUpload {
        let store: InMemoryObjectStore
        let key: String
        let id: String
        let metadata: [(String, String)]
        var bytes: [UInt8] = []
        var open = true

        init(store: InMemoryObjectStore, key: String, id: String, metadata: [(String, String)]) {
            self.store = store
            self.key = key
            self.id = id
            self.metadata = metadata
        }

        func write(_ chunk: UnsafeRawBufferPointer) throws {
            bytes.append(contentsOf: chunk)
        }

        func complete() throws {
            let fail = store.mutex.withLock { store.failCompletes }
            if fail { throw StorageError(.transient, "The in-memory store was told to fail.") }
            store.mutex.withLock {
                store.objects[key] = bytes
                store.metadata[key] = metadata
                store.pending[id] = nil
            }
            open = false
        }

        func abort() {
            guard open else { return }
            open = false
            _ = store.mutex.withLock { store.pending.removeValue(forKey: id) }
        }
    }
}
