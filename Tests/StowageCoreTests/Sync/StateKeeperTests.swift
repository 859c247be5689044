import Logging
import StowageTesting
import Testing

@testable import StowageCore

@Suite struct StateKeeperTests {
    struct DiskFull: Error {}

    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func echo(_ stream: String, _ cursor: Int) -> [UInt8] {
        Array(
            #"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"\#(stream)"},"stream_state":{"c":\#(cursor)}},"destinationStats":{"recordCount":1.0}}}"#
                .utf8)
    }

    @Test func everyEchoIsMergedAndTheNewestDocumentIsSaved() throws {
        let store = InMemoryStateStore()
        let keeper = StateKeeper(store: store, document: StateDocument(), logger: Self.logger)
        keeper.start()
        for i in 1...200 { try keeper.emit(Self.echo(i % 2 == 0 ? "a" : "b", i)) }
        try keeper.finish()
        let saved = try StateDocument.parse(try #require(store.saved), location: "memory")
        #expect(saved == keeper.state)
        #expect(saved.messages.map { $0["stream"]?["stream_state"]?["c"] } == [.number("199"), .number("200")])
        #expect(keeper.committed == 200)
        #expect(keeper.committedByStream == [StreamDescriptor(name: "a"): 100, StreamDescriptor(name: "b"): 100])
        #expect(store.saves.count >= 1 && store.saves.count <= 200, "bursts coalesce into fewer saves")
        // Each save is a document the pipeline committed: cursors only grow from one save to the next.
        var last = -1
        for bytes in store.saves {
            let cursors = try StateDocument.parse(bytes, location: "m").messages.compactMap {
                $0["stream"]?["stream_state"]?["c"].flatMap { value -> Int? in
                    if case .number(let text) = value { return Int(text) }
                    return nil
                }
            }
            #expect(cursors.max()! >= last)
            last = cursors.max()!
        }
    }

    @Test func aStateThatWasAlreadyThereIsKeptUntilReplaced() throws {
        var start = StateDocument()
        start.apply(try JSONValue.parse(Array(#"{"type":"STREAM","stream":{"stream_descriptor":{"name":"z"}}}"#.utf8)))
        let store = InMemoryStateStore()
        let keeper = StateKeeper(store: store, document: start, logger: Self.logger)
        keeper.start()
        try keeper.emit(Self.echo("a", 1))
        try keeper.finish()
        #expect(try StateDocument.parse(try #require(store.saved), location: "m").messages.count == 2)
    }

    @Test func aFailedSaveFailsTheNextEchoAndTheFinish() throws {
        let store = InMemoryStateStore()
        store.failSaves(with: DiskFull())
        let keeper = StateKeeper(store: store, document: StateDocument(), logger: Self.logger)
        keeper.start()
        try keeper.emit(Self.echo("a", 1))
        #expect(throws: DiskFull.self) { try keeper.finish() }
        #expect(throws: DiskFull.self) { try keeper.emit(Self.echo("a", 2)) }
        #expect(store.saved == nil)
    }

    @Test func nothingIsSavedWithoutAnEcho() throws {
        let store = InMemoryStateStore(bytes: Array("[]".utf8))
        let keeper = StateKeeper(store: store, document: StateDocument(), logger: Self.logger)
        keeper.start()
        try keeper.finish()
        #expect(store.saves.isEmpty)
    }
}
