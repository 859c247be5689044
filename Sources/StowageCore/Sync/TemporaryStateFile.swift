#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The saved state, copied into a private temporary folder for the source's `--state`.
struct TemporaryStateFile {
    let folder: String
    var path: String { folder + "/state.json" }

    init(_ bytes: [UInt8]) throws {
        let base = (getenv("TMPDIR").map { String(cString: $0) }).flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/stowage-sync-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw SyncError(
                .stateNotSaved,
                "Cannot make a temporary folder in '\(base)' for the source's state (\(String(cString: strerror(errno)))); check TMPDIR."
            )
        }
        folder = String(cString: made)
        try AtomicFile.replace(folder + "/state.json", with: bytes)
    }

    func remove() {
        unlink(path)
        rmdir(folder)
    }
}
