import StowageTesting
import Testing

@testable import StowageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The runner of transform steps over whole batches, and how the two threads share it.
@Suite struct TransformRunnerTests {
    static let steps = #"[{"filter":{"filter":"id % 3 != 0"}},{"math":{"attribute":"w","math":"id * 10"}}]"#

    static func runner() throws -> TransformRunner {
        let configuration = try TransformStageTests.configuration(Self.steps)
        let stage = try #require(
            TransformStage(configuration: configuration, catalog: Fixtures.catalog([("a", .append), ("b", .append)])))
        return stage.runner()
    }

    /// Lines for streams a (with steps) and b (without), a state, and one line that is not JSON.
    static func input(records: Int) -> String {
        var lines: [String] = []
        for id in 1...records {
            lines.append(Fixtures.record(id % 4 == 0 ? "b" : "a", #"{"id":\#(id),"s":"x\#(id)"}"#))
            if id % 50 == 0 { lines.append(Fixtures.state(id)) }
        }
        lines.append("{not json")
        return lines.joined(separator: "\n") + "\n"
    }

    /// What became of each record line of `batch`: "-" for no steps, "=" unchanged, "f" filtered, or the data.
    static func outcomes(_ batch: ParsedBatch) -> [String] {
        batch.entries.filter { $0.message.kind == .record }.map { entry in
            switch entry.transformed {
            case .none: "-"
            case .unchanged: "="
            case .filtered: "f"
            case .rejected(let index): "rejected \(batch.rejections[index].reason)"
            case .changed(let index):
                String(decoding: batch.record(index).bytes(of: batch.record(index).data), as: UTF8.self)
            }
        }
    }

    static func expected(records: Int) -> [String] {
        (1...records).map { id in
            if id % 4 == 0 { return "-" }
            return id % 3 == 0 ? "f" : #"{"id":\#(id),"s":"x\#(id)","w":\#(id * 10)}"#
        }
    }

    @Test func aBatchsRecordsGetTheirStreamsSteps() throws {
        let stage = ParseStage(
            input: MemoryInput(Self.input(records: 200)), maximumLineLength: 1 << 20, listsDataMembers: true,
            maximumLines: 4096)
        let batch = ParsedBatch(capacity: 1 << 16)
        stage.fill(batch, timeoutMilliseconds: -1)
        let runner = try Self.runner()
        runner.run(batch)
        #expect(batch.transformed)
        #expect(Self.outcomes(batch) == Self.expected(records: 200))
        #expect(batch.entries.last?.syntaxError == 0 && batch.syntaxErrors.count == 1)
        runner.run(batch)  // a second run changes nothing
        #expect(Self.outcomes(batch) == Self.expected(records: 200))
    }

    @Test func theParsingThreadRunsTheStepsWhileTheWritingStageIsBusy() throws {
        // Small batches; the consumer waits while the parsing thread fills every spare batch, so each batch after
        // the first was filled while others were ready: the parsing thread ran its steps.
        let records = 400
        let stage = ParseStage(
            input: MemoryInput(Self.input(records: records), chunkSize: 512), maximumLineLength: 1 << 20,
            listsDataMembers: true, maximumBytes: 2048, maximumLines: 4096)
        let batches = ThreadedBatches(stage: stage, batchCount: 4, transforms: try Self.runner())
        defer { batches.stop() }
        let held = try ThreadedBatchesTests.heldWhileWaiting(batches)
        #expect(held.dropFirst().allSatisfy { $0.transformed }, "batches filled while others waited ran their steps")
        // Taken one at a time from now on, the rest may come either way; the writing stage's runner finishes them.
        let writer = try Self.runner()
        var outcomes: [String] = []
        try ThreadedBatchesTests.drain(batches, after: held) { batch in
            stage.parse(batch)
            writer.run(batch)
            outcomes += Self.outcomes(batch)
        }
        #expect(outcomes == Self.expected(records: records))
    }
}
