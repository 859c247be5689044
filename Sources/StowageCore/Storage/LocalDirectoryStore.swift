import CSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A directory that behaves like a bucket: the object with key `K` in bucket `B` is the file `root/B/K`.
///
/// An object is written to a hidden temporary file beside its final name, flushed to disk, then linked
/// under its final name (which never replaces an existing file) and the directory flushed, so a reader
/// or a crash never sees a partial file.
package struct LocalDirectoryStore: ObjectStore {
    package let root: String
    package let bucket: String
    /// Flushes big files while they are written; shared by every copy of the store.
    let flusher: DiskFlusher
    private var bucketDirectory: String { root + "/" + bucket }

    /// Temporary files end with this; listings leave them out.
    static let temporarySuffix = ".stowage-tmp"
    /// An object's metadata lives beside it in `.<name>.stowage-meta` (JSON), hidden from readers' globs and
    /// copied with the folder; listings leave it out.
    static let metadataSuffix = ".stowage-meta"

    /// The metadata file of the object at `path`.
    static func metadataPath(of path: String) -> String {
        let slash = path.lastIndex(of: "/")!
        return String(path[...slash]) + "." + path[path.index(after: slash)...] + metadataSuffix
    }

    package init(root: String, bucket: String) {
        self.init(root: root, bucket: bucket, flusher: .shared)
    }

    init(root: String, bucket: String, flusher: DiskFlusher) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.bucket = bucket
        self.flusher = flusher
    }

    /// The directory named by an `s3_endpoint` of the form `file:///dir`, `file://localhost/dir` or `file:dir`.
    package static func directory(fromEndpoint endpoint: String) -> String? {
        guard endpoint.hasPrefix("file:") else { return nil }
        var path = String(endpoint.dropFirst(5))
        if path.hasPrefix("//localhost/") {
            path = String(path.dropFirst(11))
        } else if path.hasPrefix("//") {
            path = String(path.dropFirst(2))
        }
        return path.isEmpty ? nil : path
    }

    package var location: String { "bucket '\(bucket)' in directory '\(root)'" }

    package func checkBucket() throws {
        var info = stat()
        guard stat(bucketDirectory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw StorageError(
                .configuration,
                "Bucket '\(bucket)' does not exist in directory '\(root)'; create it with 'mkdir -p \(bucketDirectory)' or correct 's3_bucket_name'."
            )
        }
        guard access(bucketDirectory, W_OK) == 0 else {
            throw StorageError(
                .configuration,
                "Bucket directory '\(bucketDirectory)' is not writable; fix its permissions or choose another 's3_endpoint'."
            )
        }
    }

    package func list(prefix: String) throws -> [ObjectInfo] {
        let slash = prefix.lastIndex(of: "/")
        var found: [ObjectInfo] = []
        try walk(directoryKey: slash.map { String(prefix[...$0]) } ?? "", prefix: prefix) { key, isTemporary in
            guard !isTemporary else { return }
            var info = stat()
            if stat(bucketDirectory + "/" + key, &info) == 0 {
                found.append(ObjectInfo(key: key, size: Int(info.st_size)))
            }
        }
        return found
    }

    /// Calls `visit` with every regular file's key under `prefix` and whether it is a temporary file.
    private func walk(
        directoryKey: String, prefix: String, _ visit: (_ key: String, _ isTemporary: Bool) -> Void
    ) throws {
        let path = bucketDirectory + "/" + directoryKey
        guard let directory = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return }
            throw failure("list '\(path)'")
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let key = directoryKey + name
            var info = stat()
            guard lstat(path + name, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                let child = key + "/"
                if child.hasPrefix(prefix) || prefix.hasPrefix(child) {
                    try walk(directoryKey: child, prefix: prefix, visit)
                }
            } else if info.st_mode & S_IFMT == S_IFREG {
                if name.hasSuffix(Self.metadataSuffix) { continue }
                if name.hasSuffix(Self.temporarySuffix) {
                    // A temporary file belongs to the folder it is in: it counts when the folder is under `prefix`.
                    if directoryKey.hasPrefix(prefix) || prefix.hasPrefix(directoryKey) { visit(key, true) }
                } else if key.hasPrefix(prefix) {
                    visit(key, false)
                }
            }
        }
    }

    package func put(key: String, bytes: [UInt8]) throws {
        let upload = try makeUpload(key: key)
        do {
            try bytes.withUnsafeBytes { try upload.write($0) }
            try upload.complete()
        } catch {
            upload.abort()
            throw error
        }
    }

    package func delete(keys: [String]) throws {
        for key in keys {
            let path = try self.path(of: key)
            if unlink(path) != 0, errno != ENOENT { throw failure("delete '\(path)'") }
            unlink(Self.metadataPath(of: path))
        }
    }

    package func removeEmptyFolders(above key: String) {
        var folders = key.split(separator: "/").dropLast()
        while !folders.isEmpty, rmdir(bucketDirectory + "/" + folders.joined(separator: "/")) == 0 {
            folders.removeLast()
        }
    }

    /// Starts a file under a hidden temporary name in its final folder: `.<owner>.<random>.stowage-tmp`, where
    /// `<owner>` is the `stowage-sync` metadata value (the sync's claimed epoch), so that a later sync can tell
    /// whose leftover it is.
    package func makeUpload(key: String, metadata: [(String, String)]) throws -> any ObjectUpload {
        let path = try self.path(of: key)
        let directory = String(path[..<path.lastIndex(of: "/")!])
        try Self.makeDirectories(directory, below: bucketDirectory)
        var random = SystemRandomBytes()
        let owner = metadata.first { $0.0 == Self.ownerMetadata }?.1 ?? "0"
        let temporary =
            directory + "/." + owner + "." + String(random.next() & 0xFFFF_FFFF_FFFF, radix: 36) + Self.temporarySuffix
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create '\(temporary)'") }
        let kept = metadata.filter { $0.0 != Self.ownerMetadata }
        let sidecar = kept.isEmpty ? nil : JSONValue.object(kept.map { ($0.0.lowercased(), .string($0.1)) })
        return LocalUpload(
            fd: fd, temporary: temporary, final: path, directory: directory, flusher: flusher,
            metadata: sidecar.map { Array($0.serialized.utf8) })
    }

    /// The metadata key whose value names an upload's owner in its temporary file's name.
    package static let ownerMetadata = "stowage-sync"

    package func putIfAbsent(key: String, bytes: [UInt8]) throws -> Bool {
        let upload = try makeUpload(key: key)
        do {
            try bytes.withUnsafeBytes { try upload.write($0) }
            try upload.complete()
            return true
        } catch let error as StorageError where error.code == .exists {
            return false
        } catch {
            upload.abort()
            throw error
        }
    }

    package func get(key: String) throws -> [UInt8]? {
        let path = try self.path(of: key)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw failure("read '\(path)'")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw failure("read '\(path)'") }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }

    package func metadata(of key: String) throws -> [String: String]? {
        let path = try self.path(of: key)
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let sidecar = Self.metadataPath(of: path)
        guard let bytes = try? JSONFile.readBytes(sidecar, role: "metadata"),
            case .object(let members) = try? JSONValue.parse(bytes)
        else { return [:] }
        var found: [String: String] = [:]
        for (name, value) in members { if let text = value.stringValue { found[name] = text } }
        return found
    }

    package func incompleteUploads(prefix: String) throws -> [IncompleteUpload] {
        let slash = prefix.lastIndex(of: "/")
        var found: [IncompleteUpload] = []
        try walk(directoryKey: slash.map { String(prefix[...$0]) } ?? "", prefix: prefix) { key, isTemporary in
            guard isTemporary else { return }
            let path = bucketDirectory + "/" + key
            var info = stat()
            let modified =
                stat(path, &info) == 0
                ? Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000 : nil
            found.append(IncompleteUpload(key: key, id: path, modifiedMilliseconds: modified))
        }
        return found
    }

    package func discard(_ upload: IncompleteUpload) throws {
        if unlink(upload.id) != 0, errno != ENOENT { throw failure("delete '\(upload.id)'") }
    }

    package var supportsLocks: Bool { true }

    /// Creates the file under `key` exclusively (`O_EXCL`) and locks it at once, then writes it: no temporary file
    /// is needed, so a crash leaves at most an unlocked (dead) claim, never a leftover.
    package func putIfAbsentLocked(key: String, bytes: [UInt8]) throws -> (any ObjectLock)? {
        let path = try self.path(of: key)
        let directory = String(path[..<path.lastIndex(of: "/")!])
        try Self.makeDirectories(directory, below: bucketDirectory)
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST { return nil }
            throw failure("create '\(path)'")
        }
        let lock = FileLock(fd: fd)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { throw failure("lock '\(path)'") }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw failure("write '\(path)'") }
            offset += n
        }
        guard fsync(fd) == 0 else { throw failure("flush '\(path)' to disk") }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
        return lock
    }

    package func lock(key: String) throws -> (any ObjectLock)? {
        let path = try self.path(of: key)
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open '\(path)'") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            close(fd)
            if busy { return nil }
            throw failure("lock '\(path)'")
        }
        return FileLock(fd: fd)
    }

    /// The file for `key`, refusing keys that could leave the bucket directory.
    private func path(of key: String) throws -> String {
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !key.hasPrefix("/"), !segments.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
            !key.utf8.contains(0)
        else {
            throw StorageError(
                .configuration,
                "Object key '\(key)' has an empty, '.' or '..' segment, which a local directory cannot hold; remove it from 's3_bucket_path' or 's3_path_format'."
            )
        }
        return bucketDirectory + "/" + key
    }

    private static func makeDirectories(_ path: String, below base: String) throws {
        var current = base
        for segment in path.dropFirst(base.count).split(separator: "/") {
            current += "/" + segment
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw StorageError(
                    .other,
                    "Directory '\(current)' cannot be created (\(String(cString: strerror(errno)))); check the disk and permissions."
                )
            }
        }
    }

    private func failure(_ action: String) -> StorageError {
        let reason = String(cString: strerror(errno))
        let code: StorageError.Code = errno == EACCES || errno == EPERM || errno == EROFS ? .configuration : .other
        return StorageError(code, "Cannot \(action) (\(reason)); check the disk and permissions under '\(root)'.")
    }
}

/// One file being written under a temporary name.
final class LocalUpload: ObjectUpload {
    /// Writeback is started every this many bytes, so that `complete()`'s fsync has little left to wait for: small,
    /// because the files of many partitions often complete together at the end of a sync.
    private static let writebackInterval: Int64 = 1 << 20
    private var fd: Int32
    private var written: Int64 = 0
    private var writebackStarted: Int64 = 0
    private let flusher: DiskFlusher
    private let temporary: String
    private let final: String
    private let directory: String
    /// The sidecar's JSON, written (and flushed) before the file appears, so a file never lacks its metadata.
    private let metadata: [UInt8]?

    init(
        fd: Int32, temporary: String, final: String, directory: String, flusher: DiskFlusher,
        metadata: [UInt8]? = nil
    ) {
        self.fd = fd
        self.temporary = temporary
        self.final = final
        self.directory = directory
        self.flusher = flusher
        self.metadata = metadata
    }

    deinit { abort() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write '\(temporary)'")
            }
            offset += n
        }
        written += Int64(bytes.count)
        if written - writebackStarted >= Self.writebackInterval {
            _ = stowage_start_writeback(fd, writebackStarted, written - writebackStarted)
            writebackStarted = written
        }
        flusher.wrote(bytes.count, to: fd)
    }

    func complete() throws {
        guard fd >= 0 else { throw StorageError(.other, "File '\(final)' was already finished or abandoned.") }
        // A background flush's failure counts even when this last fsync succeeds (DiskFlusher says why).
        if let code = flusher.settle(fd) ?? (fsync(fd) == 0 ? nil : errno) {
            throw failure("flush '\(temporary)' to disk", errno: code)
        }
        if let metadata { try writeSidecar(metadata) }
        close(fd)
        fd = -1
        // link() fails rather than replace an existing file, unlike rename().
        guard link(temporary, final) == 0 else {
            let error =
                errno == EEXIST
                ? StorageError(
                    .exists, "File '\(final)' already exists and was not replaced; another writer uses the same names.")
                : failure("publish '\(final)'")
            unlink(temporary)
            throw error
        }
        unlink(temporary)
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    private func writeSidecar(_ bytes: [UInt8]) throws {
        let path = LocalDirectoryStore.metadataPath(of: final)
        let sidecar = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard sidecar >= 0 else { throw failure("create '\(path)'") }
        defer { close(sidecar) }
        let written = bytes.withUnsafeBytes { Glibc.write(sidecar, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(sidecar) == 0 else { throw failure("write '\(path)'") }
    }

    func abort() {
        guard fd >= 0 else { return }
        _ = flusher.settle(fd)
        close(fd)
        fd = -1
        unlink(temporary)
    }

    /// The error for `action`, from `code` (the last system call's errno unless given); abandons the file.
    private func failure(_ action: String, errno code: Int32 = errno) -> StorageError {
        abort()
        let kind: StorageError.Code = code == ENOSPC || code == EDQUOT ? .transient : .other
        return StorageError(kind, "Cannot \(action) (\(String(cString: strerror(code)))); check the disk.")
    }
}

/// An `flock(2)` held on an open file until released or the process exits.
final class FileLock: ObjectLock {
    private var fd: Int32

    init(fd: Int32) {
        self.fd = fd
    }

    deinit { release() }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }
}
