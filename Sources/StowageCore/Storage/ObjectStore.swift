/// A bucket of objects with S3's visibility rule: an object appears, whole, only when its upload completes.
///
/// Two implementations: ``LocalDirectoryStore`` (an `s3_endpoint` of `file:///dir`) and ``S3ObjectStore``.
/// Every call blocks the calling thread; the pipeline calls them from its I/O thread only.
package protocol ObjectStore: Sendable {
    /// The endpoint and bucket as a user would recognise them, without credentials.
    var location: String { get }

    /// Fails with a ``StorageError`` that names the fix when the bucket cannot be reached or does not exist.
    func checkBucket() throws

    /// Every object whose key starts with `prefix`, at any depth, in no particular order.
    func list(prefix: String) throws -> [ObjectInfo]

    /// Stores a small object in one request; it is visible when this returns.
    func put(key: String, bytes: [UInt8]) throws

    /// Deletes these objects; keys that do not exist are not an error.
    func delete(keys: [String]) throws

    /// Starts an object whose bytes arrive in order; nothing is visible until ``ObjectUpload/complete()``. The
    /// object carries `metadata` (S3 user metadata; a local directory keeps none).
    func makeUpload(key: String, metadata: [(String, String)]) throws -> any ObjectUpload

    /// Removes the folders above `key` that are now empty, up to the bucket (a local directory has folders;
    /// S3 has none). Never throws.
    func removeEmptyFolders(above key: String)

    /// Stores a small object only if no object has `key`; returns false, storing nothing, when one does.
    func putIfAbsent(key: String, bytes: [UInt8]) throws -> Bool

    /// A small object's bytes, or nil when there is none.
    func get(key: String) throws -> [UInt8]?

    /// The metadata an object was stored with (``makeUpload(key:metadata:)``), or nil when there is no such
    /// object; names in lower case.
    func metadata(of key: String) throws -> [String: String]?

    /// Uploads begun under `prefix` and neither completed nor aborted: S3 multipart uploads, local temporary
    /// files. Only their keys say whose they are (`specs/failure-semantics.md`).
    func incompleteUploads(prefix: String) throws -> [IncompleteUpload]

    /// Discards an incomplete upload and what it holds; one already gone is not an error.
    func discard(_ upload: IncompleteUpload) throws

    /// The most bytes one open upload keeps in memory (S3's part buffers), or nil when it keeps none (a local
    /// file is written as its bytes arrive).
    var bufferedBytesPerUpload: Int? { get }

    /// Whether ``lock(key:)`` works here: a local directory has `flock(2)`; S3 has no locks.
    var supportsLocks: Bool { get }

    /// Takes an exclusive lock tied to this process's life on an existing small object, or returns nil when
    /// another live process holds it (only where ``supportsLocks``).
    func lock(key: String) throws -> (any ObjectLock)?

    /// Stores a small object only if no object has `key`, already locked (where ``supportsLocks``) from the
    /// moment it appears; nil when one exists. Without locks the returned lock holds nothing.
    func putIfAbsentLocked(key: String, bytes: [UInt8]) throws -> (any ObjectLock)?
}

extension ObjectStore {
    /// ``putIfAbsent(key:bytes:)`` with a lock that holds nothing: for stores without locks.
    package func putIfAbsentUnlocked(key: String, bytes: [UInt8]) throws -> (any ObjectLock)? {
        try putIfAbsent(key: key, bytes: bytes) ? NoLock() : nil
    }
}

/// The lock of a store without locks.
package final class NoLock: ObjectLock {
    package init() {}
    package func release() {}
}

extension ObjectStore {
    package func makeUpload(key: String) throws -> any ObjectUpload { try makeUpload(key: key, metadata: []) }
    package var bufferedBytesPerUpload: Int? { nil }
    package func removeEmptyFolders(above key: String) {}
}

/// An upload found by ``ObjectStore/incompleteUploads(prefix:)``.
package struct IncompleteUpload: Sendable, Equatable {
    /// The key the object would have had.
    package var key: String
    /// The store's handle: an S3 upload id, a temporary file's path.
    package var id: String
    /// When it was last written to, in epoch milliseconds, where the store says (a local file's mtime).
    package var modifiedMilliseconds: Int64?

    package init(key: String, id: String, modifiedMilliseconds: Int64? = nil) {
        self.key = key
        self.id = id
        self.modifiedMilliseconds = modifiedMilliseconds
    }
}

/// A lock held by this process until ``release()`` or its exit.
package protocol ObjectLock: AnyObject {
    func release()
}

/// One object being written: invisible until ``complete()``, gone without trace after ``abort()``.
package protocol ObjectUpload: AnyObject {
    /// Appends bytes; the caller keeps ownership of `bytes`. May block while earlier parts are in flight.
    func write(_ bytes: UnsafeRawBufferPointer) throws

    /// Makes the object visible with every byte written so far; when it returns the object is durable.
    func complete() throws

    /// Discards the object and everything it holds; safe to call more than once; never throws.
    func abort()

    /// The bytes the stored object holds, once complete, when they differ from those written (compression).
    var storedBytes: Int? { get }
}

extension ObjectUpload {
    package var storedBytes: Int? { nil }
}

/// An object found by ``ObjectStore/list(prefix:)``.
package struct ObjectInfo: Sendable, Equatable {
    package var key: String
    package var size: Int

    package init(key: String, size: Int) {
        self.key = key
        self.size = size
    }
}
