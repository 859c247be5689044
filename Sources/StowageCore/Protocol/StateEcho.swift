/// A STATE message as Stowage echoes it: the line received, unchanged but for `state.destinationStats`.
package enum StateEcho {
    /// `line` with `"destinationStats":{"recordCount":<count>.0}` set in its `state` object (`state` spans it).
    package static func render(line: UnsafeBufferPointer<UInt8>, state: JSONSpan, recordCount: Int) throws(JSONSyntaxError) -> [UInt8] {
        let stats = Array("{\"recordCount\":\(recordCount).0}".utf8)
        var scanner = JSONScanner(line, position: state.start + 1)
        var first = true
        var existing: JSONSpan?
        var hasMembers = false
        while let key = try scanner.nextKey(first: &first) {
            hasMembers = true
            let value = try scanner.value()
            if Message.is(key, "destinationStats", line) { existing = value }
        }
        var out: [UInt8] = []
        out.reserveCapacity(line.count + 48)
        if let existing {
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
