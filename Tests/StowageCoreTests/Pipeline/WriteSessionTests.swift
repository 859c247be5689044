import Foundation
import SampleData
import StowageTesting
import Testing

@testable import StowageCore

@Suite struct WriteSessionTests {
    @Test(arguments: [false, true])
    func everyStateLeavesOnlyAfterAllEarlierRecordsAreVisible(threaded: Bool) throws {
        // Three interleaved streams, small files, a state every few records.
        var lines: [String] = []
        var recordsBefore: [Int: Int] = [:]
        var total = 0
        for i in 0..<300 {
            let stream = ["a", "b", "c"][i % 3 == 0 ? 0 : (i % 7 == 0 ? 2 : 1)]
            lines.append(Fixtures.record(stream, #"{"id":\#(i),"v":"value \#(i), with comma"}"#))
            total += 1
            if i % 11 == 10 {
                lines.append(Fixtures.state(i))
                recordsBefore[i] = total
            }
        }
        let store = InMemoryObjectStore()
        let output = WatchingOutput()
        var checked = 0
        output.onEmit = { line in
            let state = try! JSONValue.parse(Array(line.utf8))
            guard let n = state["state"]?["data"]?["n"], case .number(let text) = n else { return }
            let visible = Fixtures.rows(in: store).count
            #expect(visible >= recordsBefore[Int(text)!]!, "state \(text) left with \(visible) rows visible")
            checked += 1
        }
        let catalog = Fixtures.catalog([("a", .append), ("b", .append), ("c", .append)])
        let totals = try Fixtures.run(
            lines, store: store, output: output, catalog: catalog,
            configuration: Fixtures.configuration(maxFileSize: 700), threaded: threaded
        )
        #expect(checked == recordsBefore.count)
        #expect(totals.records == 300)
        #expect(totals.files > 10, "small files roll")
        let ids = Fixtures.rows(in: store).map { $0[2] }
        #expect(ids.sorted() == (0..<300).map(String.init).sorted(), "every record exactly once")
        #expect(store.uploadsInProgress == 0)
    }

    @Test func echoedStatesAreUnchangedButForDestinationStats() throws {
        let lines = [
            Fixtures.record("a", #"{"id":1}"#), Fixtures.record("a", #"{"id":2}"#),
            #"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"a"},"stream_state":{"c":2}},"sourceStats":{"recordCount":2.0}}}"#,
            #"{"type":"STATE","state":{"type":"GLOBAL","global":{"shared_state":{"x":1},"stream_states":[]},"destinationStats":{"recordCount":99.0}}}"#,
            Fixtures.record("a", #"{"id":3}"#),
            #"{"type":"STATE","state":{}}"#,
        ]
        let output = WatchingOutput()
        try Fixtures.run(
            lines, store: InMemoryObjectStore(), output: output, catalog: Fixtures.catalog([("a", .append)]))
        #expect(
            output.lines == [
                #"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"a"},"stream_state":{"c":2}},"sourceStats":{"recordCount":2.0},"destinationStats":{"recordCount":2.0}}}"#,
                #"{"type":"STATE","state":{"type":"GLOBAL","global":{"shared_state":{"x":1},"stream_states":[]},"destinationStats":{"recordCount":0.0}}}"#,
                #"{"type":"STATE","state":{"destinationStats":{"recordCount":1.0}}}"#,
            ])
    }

    @Test func heldStatesForceACommitAfterTheInterval() throws {
        // One second per line and a 5-second interval: the first state must leave long before the input ends.
        var lines = [Fixtures.record("a", #"{"id":0}"#), Fixtures.state(0)]
        lines += (1..<40).map { Fixtures.record("a", #"{"id":\#($0)}"#) }
        let output = WatchingOutput()
        let clock = FakeClock()
        var emittedAt: [Double] = []
        output.onEmit = { _ in emittedAt.append(clock.monotonic) }
        let store = InMemoryObjectStore()
        let totals = try Fixtures.run(
            lines, store: store, output: output, catalog: Fixtures.catalog([("a", .append)]),
            configuration: Fixtures.configuration(commitInterval: 5), clock: clock, secondsPerRead: 1,
            beforeRead: { if clock.monotonic > 1006 { Fixtures.wait { !store.keys.isEmpty } } }
        )
        #expect(emittedAt.count == 1)
        #expect(emittedAt[0] < clock.monotonic - 20, "the state left while input was still flowing")
        #expect(totals.files == 2, "one file committed by the interval, one at the end")
    }

    @Test func statesDoNotForceTinyFiles() throws {
        var lines: [String] = []
        for i in 0..<100 {
            lines.append(Fixtures.record("a", #"{"id":\#(i)}"#))
            lines.append(Fixtures.state(i))
        }
        let output = WatchingOutput()
        let totals = try Fixtures.run(
            lines, store: InMemoryObjectStore(), output: output, catalog: Fixtures.catalog([("a", .append)]))
        #expect(totals.files == 1)
        #expect(output.lines.count == 100)
    }

    @Test func appendKeepsEarlierFilesAndASyncInTheSameMillisecondMovesOn() throws {
        // Two syncs whose clocks read the same millisecond (one after the other, or a clock stepped back): the
        // second finds the first's claim and names its files one millisecond later, so nothing is replaced.
        let clock = FakeClock()
        let store = InMemoryObjectStore(objects: ["out/a/2020_01_01_1_0.csv": [1]])
        for id in 1...2 {
            try Fixtures.run(
                [Fixtures.record("a", #"{"id":\#(id)}"#)], store: store, output: WatchingOutput(),
                catalog: Fixtures.catalog([("a", .append)]), clock: clock)
        }
        #expect(
            store.keys == [
                "out/a/2020_01_01_1_0.csv", "out/a/2023_11_14_\(clock.wall)_0.csv",
                "out/a/2023_11_14_\(clock.wall + 1)_0.csv",
            ])
        #expect(Fixtures.rows(in: store, prefix: "out/a/2023").map { $0[2] }.sorted() == ["1", "2"])
        #expect(
            store.allKeys.filter { $0.contains("_stowage/syncs/") }.count == 2, "released claims stay as tombstones")
    }

    @Test func overwriteReplacesOnlyTheStreamsOwnEarlierFilesAfterSuccess() throws {
        let earlier: [String: [UInt8]] = [
            "out/a/2020_01_01_1577836800000_0.csv": [1],
            "out/a/2020_01_01_1577836800000_1.csv.gz": [1],
            "out/a/notes.txt": [2],
            "out/a/nested/2020_01_01_1577836800000_0.csv": [3],
            "out/ab/2020_01_01_1577836800000_0.csv": [4],
            "out/b/2020_01_01_1577836800000_0.csv": [5],
        ]
        let store = InMemoryObjectStore(objects: earlier)
        let totals = try Fixtures.run(
            [Fixtures.record("a", #"{"id":1}"#)], store: store, output: WatchingOutput(),
            catalog: Fixtures.catalog([("a", .overwrite), ("b", .append), ("ab", .append)])
        )
        #expect(totals.deletedFiles == 2)
        #expect(store.keys.filter { $0.hasPrefix("out/a/2020") }.isEmpty)
        for key in [
            "out/a/notes.txt", "out/a/nested/2020_01_01_1577836800000_0.csv", "out/ab/2020_01_01_1577836800000_0.csv",
            "out/b/2020_01_01_1577836800000_0.csv",
        ] {
            #expect(store.object(key) != nil, "\(key) is not the stream's own file")
        }
        #expect(Fixtures.rows(in: store, prefix: "out/a/2023").map { $0[2] } == ["1"])
    }

    static func status(_ stream: String, _ status: String) -> String {
        #"{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1,"stream_status":{"stream_descriptor":{"name":"\#(stream)"},"status":"\#(status)"}}}"#
    }

    @Test func overwriteOfAStreamTheSourceCompletedEmptyEmptiesIt() throws {
        let store = InMemoryObjectStore(objects: ["out/a/2020_01_01_1577836800000_0.csv": [1]])
        let lines = [Self.status("a", "STARTED"), Fixtures.state(1), Self.status("a", "COMPLETE")]
        try Fixtures.run(lines, store: store, output: WatchingOutput(), catalog: Fixtures.catalog([("a", .overwrite)]))
        #expect(store.keys.isEmpty)
    }

    @Test(arguments: [[String](), [Fixtures.state(1)]])
    func overwriteNeverDeletesOnInputWithoutRecordsOrStatuses(_ lines: [String]) throws {
        let store = InMemoryObjectStore(objects: ["out/a/2020_01_01_1577836800000_0.csv": [1]])
        try Fixtures.run(lines, store: store, output: WatchingOutput(), catalog: Fixtures.catalog([("a", .overwrite)]))
        #expect(store.keys == ["out/a/2020_01_01_1577836800000_0.csv"])
    }

    @Test func withStatusesOnlyACompletedStreamIsReplaced() throws {
        // The source sends statuses, then dies after records of both streams but completes only 'b'.
        let earlier = ["out/a/2020_01_01_1577836800000_0.csv", "out/b/2020_01_01_1577836800000_0.csv"]
        let store = InMemoryObjectStore(objects: Dictionary(uniqueKeysWithValues: earlier.map { ($0, [1]) }))
        let lines = [
            Self.status("a", "STARTED"), Self.status("b", "STARTED"), Fixtures.record("a", #"{"id":1}"#),
            Fixtures.record("b", #"{"id":2}"#), Self.status("b", "COMPLETE"),
        ]
        try Fixtures.run(
            lines, store: store, output: WatchingOutput(),
            catalog: Fixtures.catalog([("a", .overwrite), ("b", .overwrite)]))
        #expect(store.object(earlier[0]) != nil, "'a' was never completed")
        #expect(store.object(earlier[1]) == nil)
        #expect(store.keys.count == 3)
    }

    @Test func overwriteKeepsEarlierFilesWhenTheSyncFails() throws {
        let store = InMemoryObjectStore(objects: ["out/a/2020_01_01_1577836800000_0.csv": [1]])
        #expect(throws: InputError.self) {
            try Fixtures.run(
                [Fixtures.record("a", #"{"id":1}"#), "not json"], store: store, output: WatchingOutput(),
                catalog: Fixtures.catalog([("a", .overwrite)]))
        }
        #expect(store.keys == ["out/a/2020_01_01_1577836800000_0.csv"])
        #expect(store.uploadsInProgress == 0, "the open file was abandoned")
    }

    @Test func overwriteKeepsEarlierFilesWhenTheSourceReportsAnError() throws {
        let store = InMemoryObjectStore(objects: ["out/a/2020_01_01_1577836800000_0.csv": [1]])
        let trace = #"{"type":"TRACE","trace":{"type":"ERROR","emitted_at":1,"error":{"message":"boom"}}}"#
        try Fixtures.run(
            [Fixtures.record("a", #"{"id":1}"#), trace], store: store, output: WatchingOutput(),
            catalog: Fixtures.catalog([("a", .overwrite)]))
        #expect(store.keys.count == 2)
    }

    @Test func overwriteKeepsEarlierFilesOfAnIncompleteStream() throws {
        let store = InMemoryObjectStore(objects: ["out/a/2020_01_01_1577836800000_0.csv": [1]])
        let status =
            #"{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1,"stream_status":{"stream_descriptor":{"name":"a"},"status":"INCOMPLETE"}}}"#
        try Fixtures.run(
            [Fixtures.record("a", #"{"id":1}"#), status], store: store, output: WatchingOutput(),
            catalog: Fixtures.catalog([("a", .overwrite)]))
        #expect(store.keys.count == 2)
    }

    static let badLines: [(String, String, InputError.Code)] = [
        (
            #"{"type":"RECORD","record":{"stream":"a","data":{"id":1},"emitted_at":1}"#,
            "Line 3 is not a valid JSON message", .malformedJSON
        ),
        (
            #"{"type":"RECORD","record":{"stream":"nope","data":{},"emitted_at":1}}"#,
            "Line 3 is a RECORD for stream 'nope', which is not in the configured catalog", .unknownStream
        ),
        (
            #"{"type":"RECORD","record":{"stream":"a","data":[1],"emitted_at":1}}"#,
            "Line 3: 'record.data' for stream 'a' is an array, not an object", .invalidMessage
        ),
        (
            #"{"type":"RECORD","record":{"stream":"a","data":"x","emitted_at":1}}"#, "is a string, not an object",
            .invalidMessage
        ),
        (#"{"type":"RECORD","record":{"stream":"a","emitted_at":1}}"#, "is missing, not an object", .invalidMessage),
        (#"{"type":"RECORD","record":{"stream":"a","data":{}}}"#, "has no numeric 'emitted_at'", .invalidMessage),
        (#"{"type":"RECORD","record":{"data":{},"emitted_at":1}}"#, "without a 'record.stream' name", .invalidMessage),
        (#"{"type":"STATE"}"#, "STATE message without a 'state' object", .invalidMessage),
        (#"{"record":{}}"#, "has no string 'type'", .invalidMessage),
        ("[1,2]", "expected '{'", .malformedJSON),
    ]

    @Test(arguments: badLines)
    func badInputNamesTheLineAndKeepsWhatWasAcknowledged(_ bad: (String, String, InputError.Code)) throws {
        let store = InMemoryObjectStore()
        let output = WatchingOutput()
        let lines = [Fixtures.record("a", #"{"id":1}"#), Fixtures.state(1), bad.0, Fixtures.record("a", #"{"id":2}"#)]
        let error = try #require(throws: InputError.self) {
            try Fixtures.run(lines, store: store, output: output, catalog: Fixtures.catalog([("a", .append)]))
        }
        #expect(error.message.contains(bad.1), "\(error.message)")
        #expect(error.code == bad.2)
        #expect(error.line == 3)
        #expect(store.uploadsInProgress == 0)
        // The state before the bad line was either not echoed, or its record is in a complete file.
        if !output.lines.isEmpty { #expect(Fixtures.rows(in: store).count == 1) }
    }

    @Test func invalidUTF8IsNamed() throws {
        var bytes = Array(Fixtures.record("a", #"{"id":"XX"}"#).utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "X"))!
        bytes[at] = 0xFF
        let text = String(
            decoding: Array(Fixtures.record("a", #"{"id":1}"#).utf8) + [0x0A] + bytes + [0x0A], as: UTF8.self)
        _ = text
        let store = InMemoryObjectStore()
        var options = WriteSession.Options()
        options.linesBetweenChecks = 1
        let session = try WriteSession(
            configuration: Fixtures.configuration(), catalog: Fixtures.catalog([("a", .append)]), store: store,
            output: WatchingOutput(), logger: Fixtures.logger, options: options
        )
        let input = MemoryInput(Array(Fixtures.record("a", #"{"id":1}"#).utf8) + [0x0A] + bytes + [0x0A], chunkSize: 5)
        let error = try #require(throws: InputError.self) { try session.run(input) }
        #expect(error.message.contains("Line 2"))
        #expect(error.message.contains("UTF-8"))
    }

    @Test func storageFailureAbortsAndIsReported() throws {
        let store = InMemoryObjectStore()
        store.failCompletions()
        let output = WatchingOutput()
        #expect(throws: StorageError.self) {
            try Fixtures.run(
                [Fixtures.record("a", #"{"id":1}"#), Fixtures.state(1)], store: store, output: output,
                catalog: Fixtures.catalog([("a", .append)]))
        }
        #expect(output.lines.isEmpty, "no state for data that never landed")
        #expect(store.keys.isEmpty)
        #expect(store.uploadsInProgress == 0)
    }

    @Test func otherMessagesAreIgnored() throws {
        let lines = [
            #"{"type":"LOG","log":{"level":"INFO","message":"hello"}}"#,
            #"{"type":"TRACE","trace":{"type":"ESTIMATE","emitted_at":1}}"#,
            #"{"type":"CONTROL","control":{}}"#, "", "   ",
            Fixtures.record("a", #"{"id":1}"#),
        ]
        let totals = try Fixtures.run(
            lines, store: InMemoryObjectStore(), output: WatchingOutput(), catalog: Fixtures.catalog([("a", .append)]))
        #expect(totals.records == 1)
    }

    @Test func namespacesSelectStreams() throws {
        let catalog = Catalog(streams: [
            Catalog.Stream(name: "a", namespace: "x", columns: ["id"]), Catalog.Stream(name: "a", columns: ["id"]),
        ])
        let store = InMemoryObjectStore()
        try Fixtures.run(
            [
                Fixtures.record("a", #"{"id":1}"#, namespace: "x"), Fixtures.record("a", #"{"id":2}"#),
                #"{"type":"RECORD","record":{"stream":"a","namespace":null,"data":{"id":3},"emitted_at":1}}"#,
            ],
            store: store, output: WatchingOutput(), catalog: catalog
        )
        #expect(Fixtures.rows(in: store, prefix: "out/x/a/").map { $0[2] } == ["1"])
        #expect(Fixtures.rows(in: store, prefix: "out/a/").map { $0[2] } == ["2", "3"])
    }

    /// The same messages fed in chunks of 1, 2, 7, 64 and 4096 bytes, parsed inline or on their own thread,
    /// give byte-identical files and echoes.
    @Test(arguments: [1, 2, 7, 64, 4096], [false, true])
    func chunkingOfTheInputChangesNothing(_ chunkSize: Int, threaded: Bool) throws {
        var text = ""
        for i in 0..<60 {
            text +=
                Fixtures.record(
                    i % 2 == 0 ? "a" : "b", #"{"id":\#(i),"v":"é,\"\\n😀 \#(String(repeating: "x", count: i * 7))"}"#)
                + (i % 3 == 0 ? "\r\n" : "\n")
            if i % 10 == 9 { text += Fixtures.state(i) + "\n" }
        }
        func run(_ chunk: Int, threaded: Bool) throws -> ([String: [UInt8]], [String]) {
            let store = InMemoryObjectStore()
            let output = WatchingOutput()
            var options = WriteSession.Options()
            options.files.chunkSize = 300
            options.parsesOnItsOwnThread = threaded
            let session = try WriteSession(
                configuration: Fixtures.configuration(maxFileSize: 2000),
                catalog: Fixtures.catalog([("a", .append), ("b", .append)]),
                store: store, output: output, clock: FakeClock(), uuid: UUIDGenerator(source: SplitMix64(seed: 3)),
                logger: Fixtures.logger, options: options
            )
            try session.run(MemoryInput(text, chunkSize: chunk))
            return (Dictionary(uniqueKeysWithValues: store.keys.map { ($0, store.object($0)!) }), output.lines)
        }
        let reference = try run(1 << 20, threaded: false)
        let chunked = try run(chunkSize, threaded: threaded)
        #expect(chunked.0 == reference.0)
        #expect(chunked.1 == reference.1)
        #expect(reference.1.count == 6)
        #expect(
            Fixtures.rows(
                in: {
                    let s = InMemoryObjectStore(objects: reference.0)
                    return s
                }()
            ).count == 60)
    }

    @Test func aStopRequestAbandonsOpenFilesAndKeepsEchoedStates() throws {
        let store = InMemoryObjectStore()
        let output = WatchingOutput()
        var options = WriteSession.Options()
        options.linesBetweenChecks = 1
        let stopAfter = Fixtures.StopAfter(checks: 4)
        options.stopSignal = { stopAfter.next() }
        let session = try WriteSession(
            configuration: Fixtures.configuration(commitInterval: 0.000_001),
            catalog: Fixtures.catalog([("a", .append)]),
            store: store, output: output, clock: FakeClock(), logger: Fixtures.logger, options: options
        )
        let lines =
            [Fixtures.record("a", #"{"id":1}"#), Fixtures.state(1)]
            + (2..<10).map { Fixtures.record("a", #"{"id":\#($0)}"#) }
        let error = try #require(throws: StopRequest.self) {
            try session.run(MemoryInput(lines.joined(separator: "\n"), chunkSize: 1 << 20))
        }
        #expect(error.signal == 15)
        #expect(store.uploadsInProgress == 0)
        #expect(Fixtures.rows(in: store).allSatisfy { $0[2] == "1" }, "only data committed before the stop is visible")
    }

    @Test func collidingStreamNamesAreAConfigError() {
        let catalog = Catalog(streams: [Catalog.Stream(name: "a b"), Catalog.Stream(name: "a_b")])
        #expect(throws: ConfigError.self) {
            try WriteSession(
                configuration: Fixtures.configuration(), catalog: catalog, store: InMemoryObjectStore(),
                output: WatchingOutput(), logger: Fixtures.logger)
        }
    }
}
