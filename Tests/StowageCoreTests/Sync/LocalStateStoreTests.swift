import Foundation
import Logging
import Testing

@testable import StowageCore

@Suite final class LocalStateStoreTests {
    struct Crash: Error {}

    let folder: String
    var path: String { folder + "/state.json" }

    init() throws {
        folder = NSTemporaryDirectory() + "stowage-state-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder).sorted() }

    @Test func aSavedStateReadsBackAndNothingIsThereBefore() throws {
        let store = try LocalStateStore(path: path)
        #expect(try store.load() == nil)
        try store.save(Array("[1]".utf8))
        try store.save(Array("[2]".utf8))
        #expect(try store.load() == Array("[2]".utf8))
        #expect(try files() == ["state.json"], "no temporary file is left")
    }

    @Test func aCrashBetweenTheTemporaryFileAndTheRenameLeavesTheOldState() throws {
        try LocalStateStore(path: path).save(Array("[\"old\"]".utf8))
        let crashing = try LocalStateStore(path: path, beforeRename: { throw Crash() })
        #expect(throws: Crash.self) { try crashing.save(Array("[\"new\"]".utf8)) }
        #expect(try LocalStateStore(path: path).load() == Array("[\"old\"]".utf8))
        let leftovers = try files().filter { $0.hasSuffix(LocalStateStore.temporarySuffix) }
        #expect(leftovers.count == 1, "the crash left its complete temporary file")
        #expect(try String(contentsOfFile: folder + "/" + leftovers[0], encoding: .utf8) == "[\"new\"]")

        let next = try LocalStateStore(path: path)
        #expect(try next.lock() == .acquired)
        #expect(try files() == ["state.json", "state.json.lock"], "the next run's lock clears what the crash left")
        next.unlock()
    }

    @Test func thePreviousStateIsKeptBeside() throws {
        let store = try LocalStateStore(path: path)
        try store.keepPrevious(Array("[0]".utf8))
        #expect(try String(contentsOfFile: path + ".prev", encoding: .utf8) == "[0]")
    }

    @Test func aSecondRunFindsTheLockHeldAndWhoHoldsIt() throws {
        let first = try LocalStateStore(path: path)
        let second = try LocalStateStore(path: path)
        #expect(try first.lock() == .acquired)
        guard case .held(let reason) = try second.lock() else {
            Issue.record("the second run took a held lock")
            return
        }
        #expect(reason.contains("pid \(getpid())"))
        #expect(reason.contains("'\(path).lock'"))
        first.unlock()
        #expect(try second.lock() == .acquired)
        second.unlock()
    }

    @Test func aSourceNeverInheritsTheLock() throws {
        let holder = try LocalStateStore(path: path)
        #expect(try holder.lock() == .acquired)
        let child = try SourceProcess.start(
            ["/bin/sh", "-c", "sleep 30"], logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        holder.unlock()
        let next = try LocalStateStore(path: path)
        #expect(try next.lock() == .acquired, "the source, still running, holds no copy of the lock")
        next.unlock()
        #expect(child.stop(signal: SIGTERM, graceSeconds: 5) == .killed(signal: SIGTERM))
    }

    @Test func aMissingFolderIsAConfigErrorNamingIt() throws {
        let error = try #require(throws: ConfigError.self) {
            try LocalStateStore(path: folder + "/missing/state.json")
        }
        #expect(error.message.contains("'\(folder)/missing'"))
    }
}
