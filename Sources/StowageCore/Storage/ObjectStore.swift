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

    /// Starts an object whose bytes arrive in order; nothing is visible until ``ObjectUpload/complete()``.
    func makeUpload(key: String) throws -> any ObjectUpload

    /// Removes the folders above `key` that are now empty, up to the bucket (a local directory has folders;
    /// S3 has none). Never throws.
    func removeEmptyFolders(above key: String)
}

extension ObjectStore {
    package func removeEmptyFolders(above key: String) {}
}

/// One object being written: invisible until ``complete()``, gone without trace after ``abort()``.
package protocol ObjectUpload: AnyObject {
    /// Appends bytes; the caller keeps ownership of `bytes`. May block while earlier parts are in flight.
    func write(_ bytes: UnsafeRawBufferPointer) throws

    /// Makes the object visible with every byte written so far; when it returns the object is durable.
    func complete() throws

    /// Discards the object and everything it holds; safe to call more than once; never throws.
    func abort()
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
