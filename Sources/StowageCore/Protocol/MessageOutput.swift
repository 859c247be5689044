#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where Airbyte messages go: standard output in the CLI, memory in tests. One message per call, one line each.
package protocol MessageOutput: AnyObject {
    func emit(_ line: [UInt8])
}

extension MessageOutput {
    package func emit(_ message: JSONValue) {
        emit(Array(message.serialized.utf8))
    }
}

/// Standard output, written with one `write(2)` per message so lines never interleave.
package final class StandardOutput: MessageOutput {
    package init() {}

    package func emit(_ line: [UInt8]) {
        var bytes = line
        bytes.append(0x0A)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(1, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
