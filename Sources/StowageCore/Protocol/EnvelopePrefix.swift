#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The start of a record line up to its `data` object, and what it says, as ``MessageParser`` found them.
///
/// A source writes every record of a stream with the same envelope (`{"type":"RECORD","record":{"stream":"…",
/// "data":`), so the next line most often begins with the same bytes. Those bytes parse the same way wherever they
/// stand, so the parser takes the message read from them and validates the line from its `data` object on, a
/// memory compare in place of a fifth of a small record's scanning. Memory: at most ``maximumLength`` bytes.
package struct EnvelopePrefix {
    /// The longest prefix kept; a longer envelope (a long namespace or stream name) is read whole every time.
    static let maximumLength = 240

    private var bytes: [UInt8] = []
    /// The message as read up to the `data` object: spans within the prefix, the record's start.
    private(set) var message = Message()

    package init() {}

    /// The prefix's length in bytes; 0 before a record has been read.
    var count: Int { bytes.count }

    /// Whether `line` begins with the prefix and goes on past it.
    @inline(__always)
    func begins(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count > 0, line.count > count else { return false }
        return bytes.withUnsafeBufferPointer { memcmp(line.baseAddress!, $0.baseAddress!, count) == 0 }
    }

    /// Keeps `start`, a line up to its `data` object, with the message read from it.
    mutating func remember(_ start: UnsafeBufferPointer<UInt8>, _ message: Message) {
        guard start.count <= Self.maximumLength else { return }
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: start)
        self.message = message
    }
}
