import Logging
import SampleData
import StowageTesting

@testable import StowageCore

#if canImport(Glibc)
    import Glibc
#endif

/// A clock that moves only when told to.
final class FakeClock: SyncClock {
    var wall: Int64 = 1_700_000_000_000
    var monotonic: Double = 1000
    func wallMilliseconds() -> Int64 { wall }
    func monotonicSeconds() -> Double { monotonic }
}

/// An output that runs a check at each message, so tests can look at the store at the moment a state leaves.
final class WatchingOutput: MessageOutput {
    var lines: [String] = []
    var onEmit: (String) -> Void = { _ in }
    func emit(_ line: [UInt8]) throws {
        let text = String(decoding: line, as: UTF8.self)
        lines.append(text)
        onEmit(text)
    }
}

/// Input handed out one line per read, advancing a fake clock on each read.
struct TickingInput: MessageInput {
    var lines: [String]
    let clock: FakeClock
    let secondsPerRead: Double
    /// Runs before each read, e.g. to let the I/O thread catch up.
    var beforeRead: () -> Void = {}
    var next = 0

    mutating func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int) throws -> ReadResult {
        beforeRead()
        guard next < lines.count else { return .endOfInput }
        let bytes = Array((lines[next] + "\n").utf8)
        precondition(bytes.count <= buffer.count)
        buffer.copyBytes(from: bytes)
        next += 1
        clock.monotonic += secondsPerRead
        return .bytes(bytes.count)
    }
}

enum Fixtures {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func record(_ stream: String, _ data: String, namespace: String? = nil) -> String {
        let ns = namespace.map { #","namespace":"\#($0)""# } ?? ""
        return #"{"type":"RECORD","record":{"stream":"\#(stream)"\#(ns),"data":\#(data),"emitted_at":1700000000000}}"#
    }

    static func state(_ n: Int) -> String {
        #"{"type":"STATE","state":{"type":"LEGACY","data":{"n":\#(n)}}}"#
    }

    static func configuration(maxFileSize: Int = 1 << 20, commitInterval: Double = 300) -> Configuration {
        var c = Configuration(bucketName: "bucket")
        c.bucketPath = "out"
        c.flattening = .rootLevel
        c.maxFileSize = maxFileSize
        c.commitIntervalSeconds = commitInterval
        return c
    }

    static func catalog(_ streams: [(String, Catalog.SyncMode)]) -> Catalog {
        Catalog(streams: streams.map { Catalog.Stream(name: $0.0, syncMode: $0.1, columns: ["id", "v"]) })
    }

    /// Options for deterministic sessions: parsing inline with writing, one line between checks, tiny chunks.
    static var inlineOptions: WriteSession.Options {
        var options = WriteSession.Options()
        options.linesBetweenChecks = 1
        // Inline parsing keeps the fake clock, moved by the input, in step with the writing stage.
        options.parsesOnItsOwnThread = false
        options.files.chunkSize = 256
        return options
    }

    /// Runs a session to the end; returns the error it threw, if any.
    @discardableResult
    static func run(
        _ lines: [String], store: InMemoryObjectStore, output: any MessageOutput, catalog: Catalog,
        configuration: Configuration = configuration(), clock: FakeClock = FakeClock(), secondsPerRead: Double = 0,
        beforeRead: @escaping () -> Void = {}, threaded: Bool = false
    ) throws -> WriteSession.Totals {
        var options = inlineOptions
        options.parsesOnItsOwnThread = threaded
        let session = try WriteSession(
            configuration: configuration, catalog: catalog, store: store, output: output, clock: clock,
            uuid: UUIDGenerator(source: SplitMix64(seed: 7)), logger: logger, options: options
        )
        try session.run(
            TickingInput(lines: lines, clock: clock, secondsPerRead: secondsPerRead, beforeRead: beforeRead))
        return session.totals
    }

    /// Answers 0 (no stop) a number of times, then SIGTERM's number.
    final class StopAfter: @unchecked Sendable {
        // @unchecked: called only from the pipeline's thread.
        private var left: Int
        init(checks: Int) { left = checks }
        func next() -> Int32 {
            left -= 1
            return left < 0 ? 15 : 0
        }
    }

    /// Waits (up to 5 s of real time) until `condition` holds: the I/O thread runs on its own schedule.
    static func wait(until condition: () -> Bool) {
        for _ in 0..<5000 where !condition() { usleep(1000) }
    }

    /// Every data row in the store's objects under `prefix`, header rows left out.
    static func rows(in store: InMemoryObjectStore, prefix: String = "") -> [[String]] {
        store.keys.filter { $0.hasPrefix(prefix) }.flatMap { key in
            CSVReader.rows(String(decoding: store.object(key)!, as: UTF8.self)).dropFirst()
        }
    }
}
