#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits the message input into lines, without copying them, holding at most one maximum-length line.
///
/// Memory: a buffer of `chunkSize` bytes that grows only as far as the longest line needs, and never past
/// `maximumLineLength` plus one chunk.
package final class LineReader<Input: MessageInput> {
    package enum Next {
        /// A line without its `\n` (or `\r\n`), valid until the next call, and its 1-based number.
        case line(UnsafeBufferPointer<UInt8>, number: Int)
        /// Nothing arrived within the timeout.
        case idle
        case end
    }

    private var input: Input
    private let maximumLineLength: Int
    private let chunkSize: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var atEnd = false
    package private(set) var lineNumber = 0
    /// Bytes read from the input so far.
    package private(set) var bytesRead = 0

    package init(_ input: Input, maximumLineLength: Int, chunkSize: Int = 1 << 20) {
        self.input = input
        self.maximumLineLength = maximumLineLength
        self.chunkSize = chunkSize
        self.capacity = chunkSize
        self.buffer = .allocate(capacity: chunkSize)
    }

    deinit { buffer.deallocate() }

    package func next(timeoutMilliseconds: Int = -1) throws -> Next {
        while true {
            if start < end, let newline = memchr(buffer + start, 0x0A, end - start) {
                let stop = UnsafeMutablePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) - buffer
                return try line(upTo: stop, next: stop + 1)
            }
            if atEnd {
                if start < end { return try line(upTo: end, next: end) }
                return .end
            }
            if end - start > maximumLineLength {
                throw InputError(
                    .lineTooLong,
                    "Line \(lineNumber + 1) is longer than \(maximumLineLength >> 20) MiB; raise 'max_record_size_mb' in the config or split the record.",
                    line: lineNumber + 1
                )
            }
            makeRoom()
            let result = try input.read(
                into: UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end),
                timeoutMilliseconds: timeoutMilliseconds
            )
            switch result {
            case .bytes(let n):
                end += n
                bytesRead += n
            case .endOfInput: atEnd = true
            case .timedOut: return .idle
            }
        }
    }

    private func line(upTo stop: Int, next: Int) throws -> Next {
        lineNumber += 1
        var last = stop
        if last > start, buffer[last - 1] == 0x0D { last -= 1 }
        guard last - start <= maximumLineLength else {
            throw InputError(
                .lineTooLong,
                "Line \(lineNumber) is longer than \(maximumLineLength >> 20) MiB; raise 'max_record_size_mb' in the config or split the record.",
                line: lineNumber
            )
        }
        let line = UnsafeBufferPointer(start: buffer + start, count: last - start)
        start = next
        return .line(line, number: lineNumber)
    }

    /// Moves the partial line to the front and grows the buffer so that at least one chunk can be read.
    private func makeRoom() {
        if start > 0 {
            if end > start { memmove(buffer, buffer + start, end - start) }
            end -= start
            start = 0
        }
        if capacity - end < chunkSize / 2 {
            let newCapacity = max(capacity * 2, end + chunkSize)
            let newBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBuffer.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = newBuffer
            capacity = newCapacity
        }
    }
}
