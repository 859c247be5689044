#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One Airbyte message as spans of its validated line: what a destination needs, nothing copied.
package struct Message {
    package enum Kind: Equatable { case record, state, trace, other }

    package var kind: Kind = .other
    /// `type`'s string, for messages naming an unknown or missing type.
    package var type: JSONSpan?
    package var stream: JSONSpan?
    package var namespace: JSONSpan?
    package var emittedAt: JSONSpan?
    package var data: JSONSpan?
    /// The `record` member's value when it is not an object.
    package var record: JSONSpan?
    package var state: JSONSpan?
    package var trace: JSONSpan?
    /// Where `data`'s members were appended in the parser's member list, when it lists them.
    package var dataMembers: Range<Int> = 0..<0

    package init() {}

    /// Reads a whole line as one message, validating all of it.
    package static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> Message {
        var members = MemberList()
        return try MessageParser(listsDataMembers: false).parse(line, appendingMembersTo: &members)
    }

    /// Whether a string span's text is exactly `word` (escaped spellings do not count).
    @inline(__always)
    static func `is`(_ span: JSONSpan, _ word: StaticString, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = word.utf8CodeUnitCount
        return span.kind == .string && span.end - span.start == n + 2
            && memcmp(line.baseAddress! + span.start + 1, word.utf8Start, n) == 0
    }
}

/// Parses message lines.
package struct MessageParser {
    /// Whether `record.data`'s members are listed as the line is read.
    package let listsDataMembers: Bool

    package init(listsDataMembers: Bool) {
        self.listsDataMembers = listsDataMembers
    }

    /// Reads a whole line as one message, validating all of it; `data`'s members, when listed, are appended to
    /// `members` at ``Message/dataMembers``.
    package func parse(_ line: UnsafeBufferPointer<UInt8>, appendingMembersTo members: inout MemberList)
        throws(JSONSyntaxError) -> Message
    {
        var shape = LineShape()
        return try parse(line, appendingMembersTo: &members, shape: &shape)
    }

    /// Like ``parse(_:appendingMembersTo:)``, for a run of lines that share one `shape` (``LineShape``): a line
    /// that begins with its envelope, everything up to the `data` object of an earlier record, is read from there
    /// on, else whole, and its envelope becomes the shape's; `data`'s keys are compared with the shape's first.
    package func parse(
        _ line: UnsafeBufferPointer<UInt8>, appendingMembersTo members: inout MemberList,
        shape: inout LineShape
    ) throws(JSONSyntaxError) -> Message {
        var message: Message
        var scanner: JSONScanner
        let resumes = shape.begins(line)
        if resumes {
            message = shape.message
            scanner = JSONScanner(line, position: shape.prefixLength)
            try readData(&message, &scanner, &members, &shape)
            try readRecordMembers(&message, &scanner, line, &members, first: false, shape: &shape)
        } else {
            message = Message()
            scanner = JSONScanner(line)
            try scanner.expect(UInt8(ascii: "{"))
        }
        try readMessageMembers(&message, &scanner, line, &members, first: !resumes, shape: &shape)
        try scanner.expectEnd()
        return message
    }

    /// Reads the members of a message's object up to its `}`.
    private func readMessageMembers(
        _ message: inout Message, _ scanner: inout JSONScanner, _ line: UnsafeBufferPointer<UInt8>,
        _ members: inout MemberList, first: Bool, shape: inout LineShape
    ) throws(JSONSyntaxError) {
        var first = first
        while let key = try scanner.nextKey(first: &first) {
            if Message.is(key, "type", line) {
                let value = try scanner.value()
                message.type = value
                if value.kind == .string {
                    if Message.is(value, "RECORD", line) {
                        message.kind = .record
                    } else if Message.is(value, "STATE", line) {
                        message.kind = .state
                    } else if Message.is(value, "TRACE", line) {
                        message.kind = .trace
                    }
                }
            } else if Message.is(key, "record", line) {
                if scanner.position < scanner.count, scanner.bytes[scanner.position] == UInt8(ascii: "{") {
                    message.record = JSONSpan(start: scanner.position, end: scanner.position, kind: .object)
                    scanner.position += 1
                    try readRecordMembers(&message, &scanner, line, &members, first: true, shape: &shape)
                } else {
                    message.record = try scanner.value()
                }
            } else if Message.is(key, "state", line) {
                message.state = try scanner.value()
            } else if Message.is(key, "trace", line) {
                message.trace = try scanner.value()
            } else {
                _ = try scanner.value()
            }
        }
    }

    /// Reads the members of a `record` object whose `{` is consumed (``Message/record`` holds where it starts) up
    /// to its `}`, and sets the record's span. The line up to its first `data` object becomes the shape's envelope.
    private func readRecordMembers(
        _ message: inout Message, _ scanner: inout JSONScanner, _ line: UnsafeBufferPointer<UInt8>,
        _ members: inout MemberList, first: Bool, shape: inout LineShape
    ) throws(JSONSyntaxError) {
        var first = first
        while let key = try scanner.nextKey(first: &first) {
            if Message.is(key, "data", line), scanner.position < scanner.count,
                scanner.bytes[scanner.position] == UInt8(ascii: "{")
            {
                if message.data == nil {
                    shape.remember(UnsafeBufferPointer(rebasing: line[..<scanner.position]), message)
                }
                try readData(&message, &scanner, &members, &shape)
                continue
            }
            let value = try scanner.value()
            if Message.is(key, "stream", line) {
                message.stream = value
            } else if Message.is(key, "data", line) {
                message.data = value
            } else if Message.is(key, "emitted_at", line) {
                message.emittedAt = value
            } else if Message.is(key, "namespace", line) {
                message.namespace = value
            }
        }
        message.record = JSONSpan(start: message.record!.start, end: scanner.position, kind: .object)
    }

    /// Reads `data`'s object at the current `{`, listing its members when the parser lists them.
    @inline(__always)
    private func readData(
        _ message: inout Message, _ scanner: inout JSONScanner, _ members: inout MemberList, _ shape: inout LineShape
    ) throws(JSONSyntaxError) {
        guard listsDataMembers else {
            message.data = try scanner.value()
            return
        }
        let first = members.count
        message.data = try scanner.object(listingInto: &members, shape: &shape)
        message.dataMembers = first..<members.count
    }
}
