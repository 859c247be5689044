import Testing

@testable import StowageCore

@Suite struct LineShapeTests {
    /// Lines in the order a source could send them: the same envelope again and again, then changes to each part of
    /// it, STATE lines, other key orders, whitespace, and lines that share the envelope but break after it.
    static let run: [String] = [
        #"{"type":"RECORD","record":{"stream":"s","data":{"a":1,"b":"x"},"emitted_at":1}}"#,
        #"{"type":"RECORD","record":{"stream":"s","data":{"a":2,"b":"yy","c":[1]},"emitted_at":2}}"#,
        #"{"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":3}}"#,
        #"{"type":"STATE","state":{"data":{"cursor":3}}}"#,
        #"{"type":"RECORD","record":{"stream":"s","data":{"a":4},"emitted_at":4,"namespace":"n"}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"z":true},"emitted_at":5}}"#,
        #"{"type":"RECORD","record":{"stream":"t","namespace":"n","data":{"z":false},"emitted_at":6}}"#,
        #"{"type":"RECORD","record":{"stream":"t","namespace":"n","data":{"z":null},"emitted_at":7},"extra":1}"#,
        #"{"record":{"stream":"t","namespace":"n","data":{"z":1},"emitted_at":8},"type":"RECORD"}"#,
        #"{"type":"RECORD","record":{"emitted_at":9,"stream":"t","data":{ "z" : 9 }}}"#,
        #"{"type":"RECORD","record":{"emitted_at":9,"stream":"t","data":{"z":10}}}"#,
        #"{ "type" : "RECORD", "record" : { "stream" : "t", "data" : {"z":11}, "emitted_at":11 } }"#,
        #"{ "type" : "RECORD", "record" : { "stream" : "t", "data" : {"z":12}, "emitted_at":12 } }"#,
        #"{"type":"RECORD","record":{"stream":"t","data":5,"emitted_at":13}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"z":14},"data":{"y":14},"emitted_at":14}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"z":14},"data":{"y":[14]},"emitted_at":14}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"z":15},"emitted_at":15}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"z":15},"emitted_at":15}}x"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"z":16,}}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"#,
        #"{"type":"RECORD","record":{"stream":"t","data":"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"z":17},"emitted_at":17}}"#,
        #"{"type":"TRACE","trace":{"type":"ERROR"}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"z":18},"emitted_at":18}}"#,
        // The data object's keys against those of the line before: the same, reordered, fewer, more, spaced, escaped.
        #"{"type":"RECORD","record":{"stream":"t","data":{"a":1,"ab":"x","c":{"d":1}},"emitted_at":19}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"a":2,"ab":"y","c":{"d":2}},"emitted_at":20}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":3,"a":"y","c":{"d":3}},"emitted_at":21}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":4},"emitted_at":22}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":5,"a":6,"c":7,"e":8},"emitted_at":23}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":5, "a":6,"c" :7,"e":8},"emitted_at":24}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":5,"a":6,"c":7,"e":8},"emitted_at":25}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":5,"é":6,"c":7,"e":8},"emitted_at":26}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":5,"é":6,"c":7,"e":8},"emitted_at":27}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":5,"é":6,"c":7,"e""#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":5,"é":6,"c":7,"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":5,"é":6,"c":7,"e":}}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":5,"é":6,"c":7,"e":8,}}}"#,
        #"{"type":"RECORD","record":{"stream":"t","data":{"ab":5,"é":6,"c":7,"e":8}},"emitted_at":28}"#,
    ]

    @Test(arguments: [true, false])
    func aRunParsesAsEachLineParsesAlone(listsMembers: Bool) {
        let parser = MessageParser(listsDataMembers: listsMembers)
        var shape = LineShape()
        var runMembers = MemberList()
        for text in Self.run {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { line in
                var aloneMembers = MemberList()
                let alone = Self.outcome { () throws(JSONSyntaxError) in
                    try parser.parse(line, appendingMembersTo: &aloneMembers)
                }
                let inRun = Self.outcome { () throws(JSONSyntaxError) in
                    try parser.parse(line, appendingMembersTo: &runMembers, shape: &shape)
                }
                #expect(Self.describe(inRun, runMembers) == Self.describe(alone, aloneMembers), "\(text)")
            }
        }
    }

    @Test func theEnvelopeUpToTheDataObjectIsKeptAndANewOneReplacesIt() throws {
        let parser = MessageParser(listsDataMembers: true)
        var shape = LineShape()
        var members = MemberList()
        let first = #"{"type":"RECORD","record":{"stream":"s","data":{"a":1},"emitted_at":1}}"#
        let second = #"{"type":"RECORD","record":{"namespace":"n","stream":"s","data":{"a":2},"emitted_at":2}}"#
        let state = #"{"type":"STATE","state":{"data":{}}}"#
        for (text, expected) in [(first, first), (state, first), (second, second)] {
            let bytes = Array(text.utf8)
            _ = try bytes.withUnsafeBufferPointer {
                try parser.parse($0, appendingMembersTo: &members, shape: &shape)
            }
            #expect(shape.prefixLength == Self.end(of: #""data":"#, in: expected), "\(text)")
        }
    }

    @Test func theKeysOfTheLastDataObjectAreKnownUpToTheFirstWrittenWithWhitespace() throws {
        let parser = MessageParser(listsDataMembers: true)
        var shape = LineShape()
        var members = MemberList()
        let lines = [
            (#"{"type":"RECORD","record":{"stream":"s","data":{"a":1,"b":2,"c":3},"emitted_at":1}}"#, 3),
            (#"{"type":"RECORD","record":{"stream":"s","data":{"a":1,"x":2,"c":3},"emitted_at":1}}"#, 3),
            (#"{"type":"RECORD","record":{"stream":"s","data":{"a":1,"x":2},"emitted_at":1}}"#, 3),
            (#"{"type":"RECORD","record":{"stream":"s","data":{"a":1,"x" :2,"c":3},"emitted_at":1}}"#, 1),
            (#"{"type":"RECORD","record":{"stream":"s","data":{"a":1},"emitted_at":1}}"#, 1),
        ]
        for (text, known) in lines {
            let bytes = Array(text.utf8)
            _ = try bytes.withUnsafeBufferPointer { try parser.parse($0, appendingMembersTo: &members, shape: &shape) }
            #expect(shape.knownKeyCount == known, "\(text)")
        }
        let again = Array(lines[0].0.utf8)
        _ = try again.withUnsafeBufferPointer { try parser.parse($0, appendingMembersTo: &members, shape: &shape) }
        #expect(shape.knownKeyCount == 3)
    }

    @Test func anEnvelopeLongerThanTheLimitIsReadWholeEveryTime() throws {
        let parser = MessageParser(listsDataMembers: true)
        var shape = LineShape()
        var members = MemberList()
        let stream = String(repeating: "s", count: LineShape.maximumPrefixLength)
        let bytes = Array(#"{"type":"RECORD","record":{"stream":"\#(stream)","data":{"a":1},"emitted_at":1}}"#.utf8)
        let message = try bytes.withUnsafeBufferPointer {
            try parser.parse($0, appendingMembersTo: &members, shape: &shape)
        }
        #expect(shape.prefixLength == 0)
        #expect(message.kind == .record && members.count == 1)
    }

    // MARK: Helpers

    /// The offset just after the first `needle` in `text`.
    private static func end(of needle: String, in text: String) -> Int {
        let (n, t) = (Array(needle.utf8), Array(text.utf8))
        return (0...(t.count - n.count)).first { Array(t[$0..<$0 + n.count]) == n }! + n.count
    }

    private static func outcome(_ parse: () throws(JSONSyntaxError) -> Message) -> Result<Message, JSONSyntaxError> {
        do throws(JSONSyntaxError) {
            return .success(try parse())
        } catch {
            return .failure(error)
        }
    }

    /// Every span the message reports, and its data members, as text to compare.
    private static func describe(_ result: Result<Message, JSONSyntaxError>, _ members: MemberList) -> String {
        switch result {
        case .failure(let error):
            return "error at \(error.offset): \(error.reason)"
        case .success(let m):
            let spans = [m.type, m.stream, m.namespace, m.emittedAt, m.data, m.record, m.state, m.trace].map { span in
                span.map { "\($0.start)-\($0.end) \($0.kind) \($0.flags.rawValue)" } ?? "none"
            }
            let listed = members.members[m.dataMembers].map {
                "\($0.key.start)-\($0.key.end)=\($0.value.start)-\($0.value.end)"
            }
            return "\(m.kind) \(spans.joined(separator: ", ")) members \(m.dataMembers.count): \(listed)"
        }
    }
}
