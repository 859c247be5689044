import Foundation
import SampleData
import StowageTesting
import Testing

@testable import StowageCore

@Suite struct FileSinkPartitionTests {
    static let daily = "${STREAM_NAME}/day=${RECORD_DAY}/${EPOCH}_"

    static func configuration(_ format: String = daily, maxOpenFiles: Int = 64, maxRecords: Int? = nil) -> Configuration
    {
        var c = Fixtures.configuration()
        c.pathFormat = format
        c.maxOpenFiles = maxOpenFiles
        c.maxRecordsPerFile = maxRecords
        var settings = Configuration.StreamSettings()
        settings.recordTimeField = "ts"
        c.streamSettings["a"] = settings
        return c
    }

    static func record(_ id: Int, day: Int) -> String {
        Fixtures.record("a", #"{"id":\#(id),"v":"x","ts":"2019-03-\#(day < 10 ? "0" : "")\#(day)T10:00:00Z"}"#)
    }

    @Test(arguments: [64, 3])
    func shuffledRecordsLandInTheirDaysAndStatesWaitForEveryFile(maxOpenFiles: Int) throws {
        var random = SplitMix64(seed: 5)
        var lines: [String] = []
        var before: [Int: Int] = [:]
        var days: [Int: Int] = [:]
        for i in 0..<600 {
            let day = Int(random.next() % 12) + 1
            days[i] = day
            lines.append(Self.record(i, day: day))
            if i % 37 == 36 {
                lines.append(Fixtures.state(i))
                before[i] = i + 1
            }
        }
        let store = InMemoryObjectStore()
        let output = WatchingOutput()
        var checked = 0
        output.onEmit = { line in
            let state = try! JSONValue.parse(Array(line.utf8))
            guard case .number(let text)? = state["state"]?["data"]?["n"] else { return }
            #expect(Fixtures.rows(in: store).count >= before[Int(text)!]!, "state \(text) left too early")
            checked += 1
        }
        try Fixtures.run(
            lines, store: store, output: output, catalog: Fixtures.catalog([("a", .append)]),
            configuration: Self.configuration(maxOpenFiles: maxOpenFiles))
        #expect(checked == before.count)
        for key in store.keys {
            let day = Int(key.split(separator: "/")[2].dropFirst(4))!
            for row in CSVReader.rows(String(decoding: store.object(key)!, as: UTF8.self)).dropFirst() {
                #expect(days[Int(row[2])!] == day, "record \(row[2]) is in its own day's folder")
            }
        }
        #expect(Fixtures.rows(in: store).map { Int($0[2])! }.sorted() == Array(0..<600))
        if maxOpenFiles == 64 { #expect(store.keys.count == 12, "one file per day") }
    }

    @Test func filesRollByRecordCountAndPartsContinuePerFolder() throws {
        let lines = (0..<25).map { Self.record($0, day: $0 < 10 ? 1 : 2) }
        let store = InMemoryObjectStore()
        try Fixtures.run(
            lines, store: store, output: WatchingOutput(), catalog: Fixtures.catalog([("a", .append)]),
            configuration: Self.configuration(maxRecords: 4))
        let day1 = store.keys.filter { $0.contains("/day=01/") }
        let day2 = store.keys.filter { $0.contains("/day=02/") }
        #expect(day1.count == 3 && day2.count == 4)
        #expect(day2.map { $0.split(separator: "_").last! }.sorted() == ["0.csv", "1.csv", "2.csv", "3.csv"])
        #expect(store.keys.allSatisfy { CSVReader.rows(String(decoding: store.object($0)!, as: UTF8.self)).count > 1 })
    }

    @Test func aRecordWithoutItsTimeIsAnErrorNamingLineFieldAndValue() throws {
        let lines = [Self.record(1, day: 1), Fixtures.record("a", #"{"id":2,"ts":"yesterday"}"#)]
        #expect {
            try Fixtures.run(
                lines, store: InMemoryObjectStore(), output: WatchingOutput(),
                catalog: Fixtures.catalog([("a", .append)]),
                configuration: Self.configuration())
        } throws: { error in
            let message = (error as? InputError)?.message ?? ""
            return message.contains("Line 2") && message.contains("'yesterday'") && message.contains("'ts'")
                && (error as? InputError)?.stream == "a"
        }
    }

    @Test func aRecordWithoutItsTimeCanFallBackToEmittedAt() throws {
        var configuration = Self.configuration()
        configuration.fallsBackToEmittedAt = true
        let store = InMemoryObjectStore()
        let session = try WriteSession(
            configuration: configuration, catalog: Fixtures.catalog([("a", .append)]), store: store,
            output: WatchingOutput(), clock: FakeClock(), logger: Fixtures.logger, options: Fixtures.inlineOptions)
        try session.run(MemoryInput(Fixtures.record("a", #"{"id":2}"#) + "\n"))
        // emitted_at 1700000000000 is 2023-11-14.
        #expect(store.keys.count == 1 && store.keys[0].contains("/day=14/"))
    }

    @Test func aPartitionOverwriteReplacesOnlyTheDaysItWrote() throws {
        let earlier = [
            "out/a/day=01/1500000000000_0.csv", "out/a/day=01/1500000000000_1.csv", "out/a/day=02/1500000000000_0.csv",
            "out/a/day=01/notes.txt",
        ]
        let store = InMemoryObjectStore(objects: Dictionary(uniqueKeysWithValues: earlier.map { ($0, [1]) }))
        var configuration = Self.configuration()
        configuration.overwriteScope = .partitions
        try Fixtures.run(
            [Self.record(1, day: 1), Self.record(2, day: 3)], store: store, output: WatchingOutput(),
            catalog: Fixtures.catalog([("a", .overwrite)]), configuration: configuration)
        #expect(store.object(earlier[0]) == nil && store.object(earlier[1]) == nil, "day 1 was replaced")
        #expect(store.object(earlier[2]) != nil, "day 2 was not written, so it stays")
        #expect(store.object(earlier[3]) != nil, "not Stowage's")
        #expect(store.keys.filter { $0.contains("/day=03/") }.count == 1)
    }
}
