/// A run of input lines, copied together and already validated: what the parsing stage hands the writing stage.
///
/// Memory: its line bytes (about 256 KiB, or one longer line, given back at the next reset), one ``Message`` per
/// line and the members of every record's `data`; emptied and reused.
final class ParsedBatch: @unchecked Sendable {
    // @unchecked: one thread owns a batch at a time; the parsing stage fills it, hands it over and never touches
    // it again until it comes back empty.
    struct Entry {
        var number: Int
        var start: Int
        var end: Int
        /// The message, or why the line is not valid JSON.
        var message: Result<Message, JSONSyntaxError>
    }

    private(set) var bytes: OutputBuffer
    private let capacity: Int
    var entries: [Entry] = []
    var members = MemberList()
    /// The input ended after these lines.
    var endOfInput = false
    /// Reading failed after these lines (a line too long, an unreadable input).
    var failure: (any Error)?
    /// Input bytes read so far, when the batch left the parsing stage.
    var bytesRead = 0

    init(capacity: Int) {
        self.capacity = capacity
        bytes = OutputBuffer(capacity: capacity)
    }

    func reset() {
        // A batch that had to hold a very long line gives that memory back.
        if bytes.capacity > 4 * capacity { bytes = OutputBuffer(capacity: capacity) }
        bytes.count = 0
        entries.removeAll(keepingCapacity: true)
        members.count = 0
        endOfInput = false
        failure = nil
    }

    var isEmpty: Bool { entries.isEmpty && !endOfInput && failure == nil }

    /// The line of `entry`, valid while the batch is.
    func line(_ entry: Entry) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes.base + entry.start, count: entry.end - entry.start)
    }

    /// The members of a record's `data`, as listed while parsing.
    func members(of message: Message) -> UnsafeBufferPointer<MemberList.Member> {
        UnsafeBufferPointer(rebasing: members.members[message.dataMembers])
    }
}
