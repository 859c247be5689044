/// A STATE message as Stowage echoes it: the line received, unchanged but for `state.destinationStats`.
package struct StateEcho {
    package enum Kind: Equatable { case stream, global, legacy }

    /// What the state says of itself: its type and, for a STREAM state, its stream's descriptor.
    package private(set) var kind: Kind = .legacy
    package private(set) var streamName: JSONSpan?
    package private(set) var streamNamespace: JSONSpan?
    private let state: JSONSpan
    private var existingStats: JSONSpan?
    private var hasMembers = false

    /// Reads the `state` object (spanned by `state` in `line`): its type, descriptor and `destinationStats`.
    package init(line: UnsafeBufferPointer<UInt8>, state: JSONSpan) throws(JSONSyntaxError) {
        self.state = state
        var scanner = JSONScanner(line, position: state.start + 1)
        var first = true
        var stream: JSONSpan?
        while let key = try scanner.nextKey(first: &first) {
            hasMembers = true
            let value = try scanner.value()
            if Message.is(key, "destinationStats", line) {
                existingStats = value
            } else if Message.is(key, "type", line) {
                if Message.is(value, "STREAM", line) {
                    kind = .stream
                } else if Message.is(value, "GLOBAL", line) {
                    kind = .global
                }
            } else if Message.is(key, "stream", line), value.kind == .object {
                stream = value
            }
        }
        if kind == .stream, let stream { try readDescriptor(line, stream) }
    }

    private mutating func readDescriptor(_ line: UnsafeBufferPointer<UInt8>, _ stream: JSONSpan) throws(JSONSyntaxError)
    {
        var scanner = JSONScanner(line, position: stream.start + 1)
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            let value = try scanner.value()
            guard Message.is(key, "stream_descriptor", line), value.kind == .object else { continue }
            var inner = JSONScanner(line, position: value.start + 1)
            var firstInner = true
            while let field = try inner.nextKey(first: &firstInner) {
                let fieldValue = try inner.value()
                if Message.is(field, "name", line), fieldValue.kind == .string {
                    streamName = fieldValue
                } else if Message.is(field, "namespace", line), fieldValue.kind == .string {
                    streamNamespace = fieldValue
                }
            }
        }
    }

    /// `line` with `"destinationStats":{"recordCount":<count>.0}` set in its `state` object.
    package func render(line: UnsafeBufferPointer<UInt8>, recordCount: Int) -> [UInt8] {
        let stats = Array("{\"recordCount\":\(recordCount).0}".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(line.count + 48)
        if let existing = existingStats {
            out += line[0..<existing.start]
            out += stats
            out += line[existing.end...]
        } else {
            let close = state.end - 1
            out += line[0..<close]
            out += Array((hasMembers ? ",\"destinationStats\":" : "\"destinationStats\":").utf8)
            out += stats
            out += line[close...]
        }
        return out
    }
}
