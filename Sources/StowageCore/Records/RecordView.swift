/// A record's parts, as spans of its validated input line: what every encoder and sink reads.
package struct RecordView {
    package var line: UnsafeBufferPointer<UInt8>
    /// The `emitted_at` number.
    package var emittedAt: JSONSpan
    /// The `data` object.
    package var data: JSONSpan
    /// The members of `data`, in input order, when the parse stage lists them (root-level flattening, partitions, transforms).
    package var members: UnsafeBufferPointer<MemberList.Member>

    package init(
        line: UnsafeBufferPointer<UInt8>, emittedAt: JSONSpan, data: JSONSpan,
        members: UnsafeBufferPointer<MemberList.Member>
    ) {
        self.line = line
        self.emittedAt = emittedAt
        self.data = data
        self.members = members
    }

    /// The bytes of `span`, a span of this record's line.
    @inline(__always)
    package func bytes(of span: JSONSpan) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[span.start..<span.end])
    }
}
