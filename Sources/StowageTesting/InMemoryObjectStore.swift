import AWSCore
import StowageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An object store in memory, with the same visibility rule as the real ones: the fake for tests.
///
/// It can be told to fail every complete.
package final class InMemoryObjectStore: ObjectStore, @unchecked Sendable {
    // @unchecked: every field is guarded by `lock`.
    private let lock = ConditionLock()
    private var objects: [String: [UInt8]] = [:]
    private var openUploads = 0
    private var failCompletes = false

    package init(objects: [String: [UInt8]] = [:]) {
        self.objects = objects
    }

    package var location: String { "bucket 'memory'" }

    package var keys: [String] { lock.withLock { objects.keys.sorted() } }
    package func object(_ key: String) -> [UInt8]? { lock.withLock { objects[key] } }
    package var uploadsInProgress: Int { lock.withLock { openUploads } }

    package func failCompletions() { lock.withLock { failCompletes = true } }

    package func checkBucket() throws {}

    package func list(prefix: String) throws -> [ObjectInfo] {
        lock.withLock {
            objects.filter { $0.key.hasPrefix(prefix) }.map { ObjectInfo(key: $0.key, size: $0.value.count) }
        }
    }

    package func put(key: String, bytes: [UInt8]) throws {
        lock.withLock { objects[key] = bytes }
    }

    package func delete(keys: [String]) throws {
        lock.withLock {
            for key in keys { objects[key] = nil }
        }
    }

    package func makeUpload(key: String) throws -> any ObjectUpload {
        lock.withLock { openUploads += 1 }
        return Upload(store: self, key: key)
    }

    private final class Upload: ObjectUpload {
        let store: InMemoryObjectStore
        let key: String
        var bytes: [UInt8] = []
        var open = true

        init(store: InMemoryObjectStore, key: String) {
            self.store = store
            self.key = key
        }

        func write(_ chunk: UnsafeRawBufferPointer) throws {
            bytes.append(contentsOf: chunk)
        }

        func complete() throws {
            let fail = store.lock.withLock { store.failCompletes }
            if fail { throw StorageError(.transient, "The in-memory store was told to fail.") }
            store.lock.withLock {
                store.objects[key] = bytes
                store.openUploads -= 1
            }
            open = false
        }

        func abort() {
            guard open else { return }
            open = false
            store.lock.withLock { store.openUploads -= 1 }
        }
    }
}
