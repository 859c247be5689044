#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the small JSON files Stowage is given (config, catalog), with errors that name the file.
package enum JSONFile {
    /// The largest config or catalog file accepted.
    package static let maximumSize = 64 * 1024 * 1024

    package static func read(_ path: String, role: String) throws(ConfigError) -> JSONValue {
        let bytes = try readBytes(path, role: role)
        do {
            return try JSONValue.parse(bytes)
        } catch {
            let (line, column) = position(of: error.offset, in: bytes)
            throw ConfigError(
                "The \(role) file '\(path)' is not valid JSON at line \(line), column \(column) (\(error.reason)); fix the file."
            )
        }
    }

    package static func readBytes(_ path: String, role: String) throws(ConfigError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ConfigError(
                "The \(role) file '\(path)' cannot be opened (\(reason)); check the path given to --\(role).")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw ConfigError(
                    "The \(role) file '\(path)' cannot be read (\(reason)); check the path given to --\(role).")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maximumSize {
                throw ConfigError(
                    "The \(role) file '\(path)' is larger than \(maximumSize >> 20) MiB; check the path given to --\(role)."
                )
            }
        }
        return bytes
    }

    /// 1-based line and column of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}
