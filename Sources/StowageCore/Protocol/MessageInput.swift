#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one read from the message source gave.
package enum ReadResult: Equatable {
    case bytes(Int)
    case endOfInput
    /// Nothing arrived within the timeout.
    case timedOut
}

/// Where messages come from: standard input in the CLI, memory in tests.
package protocol MessageInput: SendableMetatype {
    /// Reads up to `buffer.count` bytes, waiting at most `timeoutMilliseconds` (negative: forever).
    mutating func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int) throws -> ReadResult
}

/// A file descriptor, normally standard input.
package struct FileDescriptorInput: MessageInput {
    let fd: Int32

    package init(fd: Int32 = 0) {
        self.fd = fd
    }

    package mutating func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int) throws
        -> ReadResult
    {
        if timeoutMilliseconds >= 0 {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(clamping: timeoutMilliseconds))
            if ready == 0 { return .timedOut }
            if ready < 0 && errno == EINTR { return .timedOut }
        }
        while true {
            #if canImport(Glibc)
                let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            #else
                let n = Darwin.read(fd, buffer.baseAddress, buffer.count)
            #endif
            if n > 0 { return .bytes(n) }
            if n == 0 { return .endOfInput }
            // A signal (such as SIGTERM) interrupted the read: let the caller look at why.
            if errno == EINTR { return .timedOut }
            if errno == EAGAIN { return .timedOut }
            throw InputError(
                .unreadable,
                "Standard input cannot be read (\(String(cString: strerror(errno)))); check what feeds stowage.",
                line: 0)
        }
    }
}
