#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where Airbyte messages go: standard output in the CLI, memory in tests. One message per call, one line each.
package protocol MessageOutput: AnyObject {
    /// Writes one message; throws when it cannot be delivered (the reader went away, a stop was asked for).
    func emit(_ line: [UInt8]) throws
}

extension MessageOutput {
    package func emit(_ message: JSONValue) throws {
        try emit(Array(message.serialized.utf8))
    }
}

/// Standard output, written with one `write(2)` per message so lines never interleave.
///
/// A closed reader (EPIPE; SIGPIPE is ignored by the CLI) is an ``OutputError``; a write blocked because nobody
/// reads ends with a ``StopRequest`` once `stopSignal` reports SIGTERM or SIGINT, and after that each message
/// waits at most a second for the reader before it is dropped.
package final class StandardOutput: MessageOutput {
    private let stopSignal: @Sendable () -> Int32

    package init(stopSignal: @escaping @Sendable () -> Int32 = { 0 }) {
        self.stopSignal = stopSignal
    }

    package func emit(_ line: [UInt8]) throws {
        var bytes = line
        bytes.append(0x0A)
        // Once a stop was asked for, a message (the closing TRACE) waits at most a second for a reader.
        let stopping = stopSignal() != 0
        try bytes.withUnsafeBytes { (raw) throws -> Void in
            var offset = 0
            while offset < raw.count {
                if stopping {
                    var poller = pollfd(fd: 1, events: Int16(POLLOUT), revents: 0)
                    guard poll(&poller, 1, 1000) > 0 else { throw OutputError(code: EAGAIN) }
                }
                let n = write(1, raw.baseAddress! + offset, raw.count - offset)
                if n >= 0 {
                    offset += n
                    continue
                }
                let code = errno
                if code == EINTR {
                    let signal = stopSignal()
                    if signal != 0 && !stopping { throw StopRequest(signal: signal) }
                    continue
                }
                throw OutputError(code: code)
            }
        }
    }
}

/// Standard output cannot be written: the reader went away or the descriptor is broken.
package struct OutputError: Error, UserFacingError {
    package var code: Int32
    package var message: String {
        code == EPIPE
            ? "Standard output was closed before the sync ended; Stowage stopped, and every state already echoed stays true."
            : "Standard output cannot be written (\(String(cString: strerror(code)))); Stowage stopped, and every state already echoed stays true."
    }
    package var failureType: FailureType { .systemError }
    package var internalMessage: String? { nil }
}
