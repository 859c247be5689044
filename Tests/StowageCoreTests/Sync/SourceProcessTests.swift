import CSystem
import Foundation
import Logging
import Testing

@testable import StowageCore

/// The spawned source's environment (`stowage_spawn`) and how its end is read.
@Suite struct SourceProcessTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func output(of process: SourceProcess) -> String {
        var input = FileDescriptorInput(fd: process.output)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let result = try! buffer.withUnsafeMutableBytes { try input.read(into: $0, timeoutMilliseconds: 5000) }
            guard case .bytes(let n) = result else { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func theSourceRunsWithoutAShellAndItsExitStatusIsRead() throws {
        let process = try SourceProcess.start(["/bin/echo", "a b", "$HOME", "*"], logger: Self.logger)
        #expect(Self.output(of: process) == "a b $HOME *\n")
        #expect(process.wait(seconds: 10) == .exited(0))
        let failing = try SourceProcess.start(["/bin/sh", "-c", "exit 3"], logger: Self.logger)
        #expect(failing.wait(seconds: 10) == .exited(3))
        #expect(failing.wait(seconds: 0)?.succeeded == false)
    }

    @Test func theSourceBlocksAndIgnoresNoSignalAndReadsNothing() throws {
        // Stowage ignores SIGPIPE and its pipeline threads block SIGTERM: none of that may reach the source.
        signal(SIGPIPE, SIG_IGN)
        let process = try SourceProcess.start(
            ["/bin/sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status; cat; ls /proc/self/fd"], logger: Self.logger)
        let lines = Self.output(of: process).split(separator: "\n")
        #expect(process.wait(seconds: 10) == .exited(0))
        func mask(_ name: String) -> UInt64? {
            lines.first { $0.hasPrefix(name + ":\t") }.flatMap { UInt64($0.dropFirst(name.count + 2), radix: 16) }
        }
        // Signals 1-31 only: glibc keeps its own real-time signals 32 and 33 ignored across posix_spawn.
        #expect(mask("SigBlk").map { $0 & 0x7FFF_FFFF } == 0)
        #expect(mask("SigIgn").map { $0 & 0x7FFF_FFFF } == 0)
        #expect(lines.dropFirst(2).sorted() == ["0", "1", "2", "3"], "stdin, the two pipes, and ls's own directory")
    }

    #if os(Linux)
        /// What a thread saw, handed back to the test's thread.
        final class Seen: @unchecked Sendable {  // written by one thread, read after it is joined
            var policyBefore: Int32 = -1
            var switched: [Int32] = []
            var policyAfter: Int32 = -1
            var childThreadPolicy: Int32 = -1
            var sourcePolicy = ""
        }

        /// Linux's SCHED_BATCH (<linux/sched.h>); Glibc defines it for C only under _GNU_SOURCE.
        static let schedBatch: Int32 = 3

        @Test func aThreadScheduledAsABatchJobPassesItToItsThreadsButNotToItsSource() throws {
            // On a thread of its own, so that the test process's other threads keep their policy.
            let seen = Seen()
            let thread = PipelineThread.start("batch test") {
                seen.policyBefore = sched_getscheduler(0)
                seen.switched.append(stowage_schedule_as_batch())
                seen.policyAfter = sched_getscheduler(0)
                pthread_join(PipelineThread.start("child") { seen.childThreadPolicy = sched_getscheduler(0) }, nil)
                // Field 41 of /proc/<pid>/stat is the scheduling policy: 0 SCHED_OTHER, 3 SCHED_BATCH.
                if let process = try? SourceProcess.start(
                    ["/bin/sh", "-c", "cut -d' ' -f41 /proc/self/stat"], logger: Self.logger)
                {
                    seen.sourcePolicy = Self.output(of: process)
                    _ = process.wait(seconds: 10)
                }
                // Under any policy but the normal one it leaves the thread alone.
                seen.switched.append(stowage_schedule_as_batch())
            }
            pthread_join(thread, nil)
            try #require(seen.policyBefore == SCHED_OTHER, "the test thread starts under the normal policy")
            #expect(seen.switched == [1, 0])
            #expect(seen.policyAfter == Self.schedBatch)
            #expect(seen.childThreadPolicy == Self.schedBatch, "threads started afterwards inherit it")
            #expect(seen.sourcePolicy == "0\n", "the source runs under SCHED_OTHER")
        }
    #endif

    @Test func stopReachesTheSourcesChildrenAndEndsWithSIGKILLWhenIgnored() throws {
        let process = try SourceProcess.start(
            ["/bin/sh", "-c", "trap '' TERM; sleep 30 & wait"], logger: Self.logger)
        usleep(200_000)
        #expect(process.stop(signal: SIGTERM, graceSeconds: 0.5) == .killed(signal: SIGKILL))
        #expect(process.wasSignalled)
    }

    @Test func aMissingProgramIsNotStarted() throws {
        let error = try #require(throws: SyncError.self) {
            try SourceProcess.start(["/nonexistent/source-x", "read"], logger: Self.logger)
        }
        #expect(error.code == .sourceNotStarted)
        #expect(error.message.contains("'/nonexistent/source-x'"))
    }

    @Test(arguments: [1, 2, 7, 64, 4096])
    func standardErrorLinesSplitAlikeInAnyChunks(chunk: Int) {
        let text = Array("one\r\ntwo\n\nthree-is-longer-than-the-cap\nlast".utf8)
        var splitter = LineSplitter(longest: 10)
        var lines: [String] = []
        var offset = 0
        while offset < text.count {
            splitter.feed(text[offset..<min(offset + chunk, text.count)]) { lines.append($0) }
            offset += chunk
        }
        splitter.finish { lines.append($0) }
        #expect(lines == ["one", "two", "", "three-is-l…", "last"])
    }
}
