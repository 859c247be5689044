import Testing

@testable import StowageCore

/// The merge rules of `specs/sync.md` for the states Stowage commits.
@Suite struct StateDocumentTests {
    static func json(_ text: String) -> JSONValue { try! JSONValue.parse(Array(text.utf8)) }

    static func stream(_ name: String, _ cursor: Int, namespace: String? = nil) -> JSONValue {
        let ns = namespace.map { #","namespace":"\#($0)""# } ?? ""
        return json(
            #"{"type":"STREAM","stream":{"stream_descriptor":{"name":"\#(name)"\#(ns)},"stream_state":{"c":\#(cursor)}},"destinationStats":{"recordCount":3.0}}"#
        )
    }

    static func text(_ document: StateDocument) -> String { String(decoding: document.serialized, as: UTF8.self) }

    @Test func streamStatesMergeByDescriptorAndTheLatestWins() {
        var document = StateDocument()
        #expect(document.apply(Self.stream("a", 1)) == .stream(StreamDescriptor(name: "a")))
        document.apply(Self.stream("b", 1))
        document.apply(Self.stream("a", 1, namespace: "n"))
        document.apply(Self.stream("a", 2))
        #expect(
            Self.text(document) == """
                [
                {"type":"STREAM","stream":{"stream_descriptor":{"name":"a"},"stream_state":{"c":2}}},
                {"type":"STREAM","stream":{"stream_descriptor":{"name":"b"},"stream_state":{"c":1}}},
                {"type":"STREAM","stream":{"stream_descriptor":{"name":"a","namespace":"n"},"stream_state":{"c":1}}}
                ]

                """)
    }

    @Test func destinationStatsAreNeverKept() {
        var document = StateDocument()
        document.apply(Self.stream("a", 1))
        #expect(!Self.text(document).contains("destinationStats"))
    }

    @Test func aGlobalStateReplacesEverythingAndNamesItsStreams() {
        var document = StateDocument()
        document.apply(Self.stream("a", 1))
        let global = Self.json(
            #"{"type":"GLOBAL","global":{"shared_state":{"lsn":7},"stream_states":[{"stream_descriptor":{"name":"a"},"stream_state":{}},{"stream_descriptor":{"name":"b","namespace":"n"},"stream_state":{}}]},"destinationStats":{"recordCount":1.0}}"#
        )
        #expect(
            document.apply(global)
                == .global([StreamDescriptor(name: "a"), StreamDescriptor(name: "b", namespace: "n")]))
        #expect(document.messages.count == 1)
        #expect(document.messages[0]["type"] == .string("GLOBAL"))
        #expect(document.messages[0]["destinationStats"] == nil)
    }

    @Test func aLegacyStateReplacesEverythingAndGainsItsType() {
        var document = StateDocument()
        document.apply(Self.stream("a", 1))
        #expect(document.apply(Self.json(#"{"data":{"n":5}}"#)) == .legacy)
        #expect(Self.text(document) == "[\n{\"type\":\"LEGACY\",\"data\":{\"n\":5}}\n]\n")
        document.apply(Self.json(#"{"type":"LEGACY","data":{"n":6}}"#))
        #expect(document.messages == [Self.json(#"{"type":"LEGACY","data":{"n":6}}"#)])
    }

    @Test func aStreamStateAfterAGlobalOneStartsOverWithStreams() {
        var document = StateDocument()
        document.apply(Self.json(#"{"type":"GLOBAL","global":{"shared_state":{},"stream_states":[]}}"#))
        document.apply(Self.stream("b", 4))
        #expect(document.messages.count == 1)
        #expect(document.messages[0]["type"] == .string("STREAM"))
    }

    @Test(arguments: [
        #"{"type":"STREAM","stream":{"stream_state":{}}}"#, #"{"type":"PER_STREAM"}"#, #"[1]"#, #"{"type":7}"#,
    ])
    func unknownStatesChangeNothing(_ text: String) {
        var document = StateDocument()
        document.apply(Self.stream("a", 1))
        let before = document
        #expect(document.apply(Self.json(text)) == nil)
        #expect(document == before)
    }

    @Test func whatIsSavedReadsBackTheSame() throws {
        var document = StateDocument()
        document.apply(Self.stream("a", 1))
        document.apply(Self.stream("b", 2, namespace: "x"))
        #expect(try StateDocument.parse(document.serialized, location: "s") == document)
        #expect(try StateDocument.parse(StateDocument().serialized, location: "s").isEmpty)
    }

    @Test func aBareObjectIsLegacyDataAndOneMessageIsAccepted() throws {
        let legacy = try StateDocument.parse(Array(#"{"cursor":"2024-01-01"}"#.utf8), location: "s")
        #expect(legacy.messages == [Self.json(#"{"type":"LEGACY","data":{"cursor":"2024-01-01"}}"#)])
        let one = try StateDocument.parse(Array(Self.stream("a", 3).serialized.utf8), location: "s")
        #expect(one.messages.count == 1)
    }

    @Test(arguments: ["", "[", "\"text\"", #"[{"type":"STREAM"}]"#, #"[{"type":"STATE"}]"#])
    func aBrokenSavedStateNamesItsLocationAndTheFix(_ text: String) throws {
        let error = try #require(throws: SyncError.self) {
            try StateDocument.parse(Array(text.utf8), location: "/var/state.json")
        }
        #expect(error.code == .badState)
        #expect(error.message.contains("'/var/state.json'"))
        #expect(error.message.contains("'/var/state.json.prev'"))
    }
}
