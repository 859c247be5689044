#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces a small local file so that a reader, or a crash at any moment, finds the old bytes or the new ones.
package enum AtomicFile {
    /// Step 1: a new hidden temporary file `.<name>.<random><temporarySuffix>` in `path`'s folder, written and
    /// flushed (fsync); step 2: rename(2) over `path`, which replaces it atomically; step 3: fsync of the folder,
    /// so that the rename survives a power loss.
    ///
    /// `beforeRename` runs between steps 1 and 2 (tests stand a crash in there: when it throws, the temporary
    /// file stays, as after a crash). Fails with a ``SyncError`` (`stateNotSaved`) naming the file.
    package static func replace(
        _ path: String, with bytes: [UInt8], temporarySuffix: String = ".stowage-tmp",
        beforeRename: () throws -> Void = {}
    ) throws {
        let (folder, name) = split(path)
        var random = SystemRandomBytes()
        let temporary =
            folder + "/." + name + "." + String(random.next() & 0xFFFF_FFFF_FFFF, radix: 36) + temporarySuffix
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create '\(temporary)'", folder) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let error = failure("write '\(temporary)'", folder)
                close(fd)
                unlink(temporary)
                throw error
            }
            offset += n
        }
        guard fsync(fd) == 0 else {
            let error = failure("flush '\(temporary)' to disk", folder)
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        try beforeRename()
        guard rename(temporary, path) == 0 else {
            let error = failure("rename '\(temporary)' to '\(path)'", folder)
            unlink(temporary)
            throw error
        }
        let folderFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 {
            fsync(folderFD)
            close(folderFD)
        }
    }

    /// The folder (`.` for a bare name) and the file name of `path`.
    package static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        return (slash == path.startIndex ? "/" : String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    private static func failure(_ action: String, _ folder: String) -> SyncError {
        let reason = String(cString: strerror(errno))
        let denied = errno == EACCES || errno == EPERM || errno == EROFS
        return SyncError(
            denied ? .stateUnreachable : .stateNotSaved,
            "Cannot \(action) (\(reason)); check the disk and the permissions of '\(folder)'.")
    }
}
