import CSystem

/// A run of input lines, copied together and validated by whichever stage had time (``parsed``): what the parsing
/// stage hands the writing stage.
///
/// Memory: its line bytes (about 256 KiB, or one longer line, given back at the next reset), one ``Message`` per
/// line, the members of every record's `data` and, with transforms, the transformed records; emptied and reused.
final class ParsedBatch: @unchecked Sendable {
    // @unchecked: one thread owns a batch at a time; the parsing stage fills it, hands it over and never touches
    // it again until it comes back empty.
    /// One line: plain values only, so that batches copy and free entries without reference counting.
    struct Entry {
        var number: Int
        var start: Int
        var end: Int
        /// The message; an empty one when the line is not valid JSON.
        var message: Message
        /// Why the line is not valid JSON: ``syntaxErrors`` at this index, or -1.
        var syntaxError = -1
        /// What its stream's transform steps made of a record.
        var transformed = Transformed.none

        private static let messageOffset = MemoryLayout<Entry>.offset(of: \Entry.message)!

        /// The message of the entry at `entry`, in place: a copy of its spans would cost a memmove per line.
        @inline(__always)
        static func message(of entry: UnsafePointer<Entry>) -> UnsafePointer<Message> {
            (UnsafeRawPointer(entry) + messageOffset).assumingMemoryBound(to: Message.self)
        }
    }

    /// What a record's transform steps made of it, on either thread (see ``TransformRunner``).
    enum Transformed {
        /// No steps ran: the stream has none, or the record is one the writing stage refuses.
        case none
        case unchanged
        /// The record as the steps left it: ``record(_:)`` of this index.
        case changed(Int)
        case filtered
        /// A step failed: ``rejections`` at this index.
        case rejected(Int)
    }

    /// The step (0-based) that rejected a record, and why.
    struct Rejection {
        var step: Int
        var reason: String
    }

    /// Where a transformed record lies in ``transformedBytes`` and ``transformedMembers``; spans are relative to
    /// `start`.
    private struct TransformedRecord {
        var start: Int
        var end: Int
        var emittedAt: JSONSpan
        var data: JSONSpan
        var members: Range<Int>
    }

    private(set) var bytes: OutputBuffer
    private let capacity: Int
    var entries: [Entry] = []
    var members = MemberList()
    /// Where a ``TransformRunner`` renders the records its steps changed, and their members.
    private(set) var transformedBytes = OutputBuffer(capacity: 4096)
    var transformedMembers = MemberList()
    private var transformedRecords: [TransformedRecord] = []
    var rejections: [Rejection] = []
    var syntaxErrors: [JSONSyntaxError] = []
    /// Whether the lines have been validated as messages (on either stage; see ``ThreadedBatches``).
    var parsed = false
    /// Whether the records' transform steps have run (on either stage; see ``TransformRunner``).
    var transformed = false
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
        if transformedBytes.capacity > 4 * capacity { transformedBytes = OutputBuffer(capacity: 4096) }
        bytes.count = 0
        transformedBytes.count = 0
        transformedMembers.count = 0
        transformedRecords.removeAll(keepingCapacity: true)
        rejections.removeAll(keepingCapacity: true)
        syntaxErrors.removeAll(keepingCapacity: true)
        parsed = false
        transformed = false
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

    /// Asks the CPU to fetch the line of `entry` and the members of its record into this core's cache: the other
    /// thread parsed them, so the first read of each cache line would otherwise wait for it. For a record that its
    /// transform steps changed, the transformed record and its members too.
    @inline(__always)
    func prefetch(_ entry: UnsafePointer<Entry>) {
        Self.prefetch(UnsafeRawBufferPointer(line(entry.pointee)))
        Self.prefetch(UnsafeRawBufferPointer(members(of: Entry.message(of: entry).pointee)))
        if case .changed(let index) = entry.pointee.transformed {
            let transformed = record(index)
            Self.prefetch(UnsafeRawBufferPointer(transformed.line))
            Self.prefetch(UnsafeRawBufferPointer(transformed.members))
        }
    }

    /// Prefetches every cache line of `bytes`.
    @inline(__always)
    private static func prefetch(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        var p = start
        let end = start + bytes.count
        while p < end {
            stowage_prefetch(p)
            p += 64
        }
        stowage_prefetch(end - 1)
    }

    /// The members of a record's `data`, as listed while parsing.
    func members(of message: Message) -> UnsafeBufferPointer<MemberList.Member> {
        UnsafeBufferPointer(rebasing: members.members[message.dataMembers])
    }

    /// Notes `record`, rendered into ``transformedBytes`` from `start` with its members from `firstMember` in
    /// ``transformedMembers``; returns its index for ``record(_:)``.
    func noteTransformed(_ record: RecordView, start: Int, firstMember: Int) -> Int {
        transformedRecords.append(
            TransformedRecord(
                start: start, end: start + record.line.count, emittedAt: record.emittedAt, data: record.data,
                members: firstMember..<firstMember + record.members.count))
        return transformedRecords.count - 1
    }

    /// The transformed record at `index`, valid while the batch is.
    func record(_ index: Int) -> RecordView {
        let kept = transformedRecords[index]
        return RecordView(
            line: UnsafeBufferPointer(start: transformedBytes.base + kept.start, count: kept.end - kept.start),
            emittedAt: kept.emittedAt, data: kept.data,
            members: UnsafeBufferPointer(rebasing: transformedMembers.members[kept.members]))
    }
}
