import AWSCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state in a local file, locked with `flock(2)` on `<path>.lock`.
///
/// A save writes a hidden temporary file in the state's folder, flushes it to disk, renames it over the state
/// and flushes the folder, so a reader or a crash sees the old or the new state whole. The kernel drops the lock
/// when the process dies, however it dies; the source never inherits its descriptor.
package final class LocalStateStore: StateStore, @unchecked Sendable {  // `lockDescriptor` is guarded by `mutex`
    package let path: String
    package var location: String { path }
    package var lockPath: String { path + ".lock" }
    package var previousPath: String { path + ".prev" }
    private let folder: String
    private let name: String
    /// Called after the temporary file is complete and before it is renamed: tests stand a crash in here (a
    /// throw leaves the temporary file behind, as a crash would).
    private let beforeRename: @Sendable () throws -> Void
    private let identity: RunIdentity
    private let mutex = ConditionLock()
    private var lockDescriptor: Int32 = -1

    /// Temporary files are named `.<file name>.<random>` plus this.
    static let temporarySuffix = ".stowage-state-tmp"

    /// A store for the state file `path`, whose folder must exist.
    ///
    /// Fails with a ``ConfigError`` naming the folder when it does not exist or is not a folder.
    package init(
        path: String, identity: RunIdentity = .current(), beforeRename: @escaping @Sendable () throws -> Void = {}
    ) throws(ConfigError) {
        self.path = path
        self.identity = identity
        (folder, name) = AtomicFile.split(path)
        self.beforeRename = beforeRename
        var info = stat()
        guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw ConfigError(
                "The folder '\(folder)' of the state location '\(path)' does not exist; create it with 'mkdir -p \(folder)' or choose another --state."
            )
        }
    }

    deinit { unlock() }

    package func lock() throws -> LockOutcome {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open the lock file '\(lockPath)'") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let holder = busy ? Self.describeHolder(Self.readAll(fd)) : ""
            close(fd)
            if busy {
                return .held(
                    reason:
                        "Another stowage sync\(holder) holds the lock '\(lockPath)'; nothing was done, so let that run finish (or stop it) and try again."
                )
            }
            throw failure("lock '\(lockPath)'")
        }
        let note = Array(identity.json.utf8) + [0x0A]
        if ftruncate(fd, 0) == 0 { _ = note.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
        mutex.withLock { lockDescriptor = fd }
        removeLeftovers()
        return .acquired
    }

    package func unlock() {
        mutex.withLock {
            guard lockDescriptor >= 0 else { return }
            flock(lockDescriptor, LOCK_UN)
            close(lockDescriptor)
            lockDescriptor = -1
        }
    }

    package var lockLost: Bool { false }

    package func load() throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw failure("read the state '\(path)'")
        }
        defer { close(fd) }
        guard let bytes = Self.readAll(fd) else { throw failure("read the state '\(path)'") }
        return bytes
    }

    package func save(_ bytes: [UInt8]) throws {
        try write(bytes, to: path)
    }

    package func keepPrevious(_ bytes: [UInt8]) throws {
        try write(bytes, to: previousPath)
    }

    private func write(_ bytes: [UInt8], to target: String) throws {
        try AtomicFile.replace(target, with: bytes, temporarySuffix: Self.temporarySuffix, beforeRename: beforeRename)
    }

    /// Removes temporary files a crashed run left beside the state (only the lock holder calls this).
    private func removeLeftovers() {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        let prefix = "." + name + "."
        while let entry = readdir(directory) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if entryName.hasPrefix(prefix), entryName.hasSuffix(Self.temporarySuffix) {
                unlink(folder + "/" + entryName)
            }
        }
    }

    private static func readAll(_ fd: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var offset: off_t = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
            offset += off_t(n)
        }
    }

    /// ` (pid 12, host 'h')` from the lock file's note, or nothing when it cannot be read.
    private static func describeHolder(_ bytes: [UInt8]?) -> String {
        guard let bytes, let note = try? JSONValue.parse(bytes), let identity = RunIdentity(note) else { return "" }
        return " (\(identity.description))"
    }

    private func failure(_ action: String) -> SyncError {
        let reason = String(cString: strerror(errno))
        let denied = errno == EACCES || errno == EPERM || errno == EROFS
        return SyncError(
            denied ? .stateUnreachable : .stateNotSaved,
            "Cannot \(action) (\(reason)); check the disk and the permissions of '\(folder)'.")
    }
}
