import Testing

@testable import StowageCore

@Suite struct SyncReportTests {
    static func report() -> SyncReport {
        var report = SyncReport(
            status: .succeeded, program: "source-faker", stateLocation: "s3://b/state.json",
            streams: [StreamDescriptor(name: "users"), StreamDescriptor(name: "events", namespace: "app")])
        report.seconds = 12.345
        report.streams[0].records = 1
        report.streams[0].files = 1
        report.streams[0].bytes = 2_097_152
        report.streams[0].statesCommitted = 1
        report.streams[1].records = 7
        report.streams[1].files = 2
        report.streams[1].bytes = 1_048_576
        report.statesCommitted = 3
        report.sourceExit = .exited(0)
        return report
    }

    @Test func theSummaryLineCountsAndNamesTheBusiestStreamsFirst() {
        #expect(
            Self.report().summaryLine
                == "Sync succeeded in 12.35 s: 8 records, 3.00 MB in 3 files, 3 states committed (app.events 7, users 1); the source exited with status 0."
        )
        var failed = Self.report()
        failed.status = .failed
        failed.sourceExit = .killed(signal: 9)
        #expect(failed.summaryLine.hasPrefix("Sync failed after 12.35 s"))
        #expect(failed.summaryLine.hasSuffix("the source was killed by signal 9 (SIGKILL)."))
        #expect(failed.exitCode == 1)
    }

    @Test func theSummaryJSONHasEveryStreamsCountsTheExitAndTheDuration() throws {
        var report = Self.report()
        report.sourceExit = .killed(signal: 15)
        let json = report.json
        #expect(json["status"] == .string("succeeded"))
        #expect(json["duration_seconds"] == .number("12.35"))
        #expect(
            json["source"]
                == JSONValue.object([
                    ("program", .string("source-faker")), ("exit_code", .null), ("signal", .number("15")),
                ]))
        #expect(json["records"] == .number("8") && json["bytes"] == .number("3145728") && json["files"] == .number("3"))
        guard case .array(let streams)? = json["streams"] else {
            Issue.record("no streams")
            return
        }
        #expect(streams[1]["namespace"] == .string("app"))
        #expect(streams[0]["namespace"] == .null)
        #expect(streams[0]["states_committed"] == .number("1") && streams[1]["files"] == .number("2"))
        #expect(try JSONValue.parse(Array(json.serialized.utf8)) == json)
    }

    @Test func theProgressLineGivesTheRateSinceTheLastLine() {
        var progress = SyncProgress(streamNames: ["a", "b"])
        var snapshot = SyncMeter.Snapshot(records: [100, 0], files: [0, 0], bytes: [0, 0])
        snapshot.inputBytes = 1_048_576
        #expect(progress.line(snapshot, seconds: 1) == "100 records (100/s), 1.00 MB read, 0 files | a 100")
        snapshot.records = [150, 250]
        snapshot.files = [1, 0]
        #expect(progress.line(snapshot, seconds: 3) == "400 records (150/s), 1.00 MB read, 1 file | b 250, a 150")
        #expect(SyncProgress.fitted("abcdef", width: 4) == "abc…")
    }

    @Test func theMeterGivesEachFileToTheStreamItsNameBelongsTo() throws {
        var configuration = Configuration(bucketName: "b")
        configuration.bucketPath = "out"
        let catalog = Catalog(streams: [
            Catalog.Stream(name: "a"), Catalog.Stream(name: "ab"), Catalog.Stream(name: "a", namespace: "n"),
        ])
        let meter = try SyncMeter(configuration: configuration, catalog: catalog)
        meter.stored(key: "out/a/2026_01_01_1700000000000_0.csv", bytes: 10)
        meter.stored(key: "out/ab/2026_01_01_1700000000000_3.csv", bytes: 5)
        meter.stored(key: "out/n/a/2026_01_01_1700000000000_0.csv", bytes: 7)
        meter.stored(key: "elsewhere.txt", bytes: 1)
        let snapshot = meter.snapshot()
        #expect(snapshot.files == [1, 1, 1] && snapshot.bytes == [10, 5, 7])
        #expect(snapshot.otherFiles == 1 && snapshot.totalBytes == 23)
    }
}
