import Foundation
import Logging
import SampleData
import StowageTesting
import Testing

@testable import StowageCore

/// The end-of-input hook `sync` uses: a source that exited non-zero or was killed counts as failed.
@Suite struct WriteSessionInputFailedTests {
    static let earlier = "out/a/2020_01_01_1577836800000_0.csv"

    static func run(inputFailed: Bool, forwardsLogs: Bool = false, logger: Logger = Fixtures.logger) throws -> (
        InMemoryObjectStore, WriteSession
    ) {
        let store = InMemoryObjectStore(objects: [earlier: [1]])
        var options = Fixtures.inlineOptions
        options.inputFailed = { inputFailed }
        options.forwardsLogs = forwardsLogs
        let session = try WriteSession(
            configuration: Fixtures.configuration(), catalog: Fixtures.catalog([("a", .overwrite)]), store: store,
            output: WatchingOutput(), uuid: UUIDGenerator(source: SplitMix64(seed: 7)), logger: logger,
            options: options)
        let lines = [
            WriteSessionTests.status("a", "STARTED"), Fixtures.record("a", #"{"id":1}"#), Fixtures.state(1),
            #"{"type":"LOG","log":{"level":"WARN","message":"slow upstream"}}"#,
            WriteSessionTests.status("a", "COMPLETE"),
        ]
        try session.run(MemoryInput(lines.joined(separator: "\n") + "\n"))
        return (store, session)
    }

    @Test func aFailedSourceKeepsEarlierFilesEvenAfterItsStreamCompleted() throws {
        let (store, session) = try Self.run(inputFailed: true)
        #expect(store.object(Self.earlier) != nil)
        #expect(store.keys.count == 2, "what arrived is still committed")
        #expect(session.totals.deletedFiles == 0)
        #expect(!session.sawSourceError)
    }

    @Test func aSourceThatSucceededReplacesThem() throws {
        let (store, session) = try Self.run(inputFailed: false)
        #expect(store.object(Self.earlier) == nil)
        #expect(session.totals.deletedFiles == 1)
    }

    @Test func logMessagesAreForwardedOnlyWhenAsked() throws {
        let captured = CapturedLog()
        let logger = Logger(label: "test") { _ in captured }
        _ = try Self.run(inputFailed: false, forwardsLogs: true, logger: logger)
        #expect(captured.entries.contains { $0.level == .warning && $0.message == "slow upstream" })
        let quiet = CapturedLog()
        _ = try Self.run(inputFailed: false, logger: Logger(label: "test") { _ in quiet })
        #expect(!quiet.entries.contains { $0.message == "slow upstream" })
    }
}

/// Log entries kept in memory, to assert on.
final class CapturedLog: LogHandler, @unchecked Sendable {
    // @unchecked: `stored` is guarded by `lock`.
    private let lock = NSLock()
    private var stored: [(level: Logger.Level, message: String)] = []
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    var entries: [(level: Logger.Level, message: String)] { lock.withLock { stored } }

    func log(event: LogEvent) {
        lock.withLock { stored.append((event.level, "\(event.message)")) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
