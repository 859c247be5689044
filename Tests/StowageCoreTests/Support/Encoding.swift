import SampleData

@testable import StowageCore

/// Runs record lines through an encoder, as the file sink does, for the format tests.
enum Encoding {
    /// Encodes whole RECORD message lines into one file's bytes, begin and end included, as text.
    static func text(_ lines: [String], _ encoder: some RecordEncoder, listsMembers: Bool = true) throws -> String {
        var encoder = encoder
        var uuid = UUIDGenerator(source: SplitMix64(seed: 1))
        let out = OutputBuffer(capacity: 16)
        encoder.begin(into: out)
        let parser = MessageParser(listsDataMembers: listsMembers)
        var members = MemberList()
        for text in lines {
            let bytes = Array(text.utf8)
            try bytes.withUnsafeBufferPointer { line in
                members.count = 0
                let message = try parser.parse(line, appendingMembersTo: &members)
                let record = RecordView(
                    line: line, emittedAt: message.emittedAt!, data: message.data!, members: members.members)
                encoder.encode(record, uuid: &uuid, into: out)
            }
        }
        encoder.end(into: out)
        return String(decoding: UnsafeBufferPointer(start: out.base, count: out.count), as: UTF8.self)
    }
}
