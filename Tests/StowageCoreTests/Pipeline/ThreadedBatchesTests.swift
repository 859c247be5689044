import StowageTesting
import Testing

@testable import StowageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the parsing thread and the writing stage share the validation of lines.
@Suite struct ThreadedBatchesTests {
    /// Records, states, blank lines and lines that are not JSON.
    static func input(records: Int) -> String {
        var lines: [String] = []
        for id in 1...records {
            lines.append(Fixtures.record(id % 3 == 0 ? "b" : "a", #"{"id":\#(id),"s":"x\#(id)"}"#))
            if id % 40 == 0 { lines.append(Fixtures.state(id)) }
            if id % 90 == 0 { lines.append("{\"type\":\"RECORD\",") }
            if id % 70 == 0 { lines.append("  ") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func stage(records: Int) -> ParseStage<MemoryInput> {
        ParseStage(
            input: MemoryInput(input(records: records), chunkSize: 512), maximumLineLength: 1 << 20,
            listsDataMembers: true, maximumBytes: 2048, maximumLines: 4096)
    }

    /// What a batch's validation found, line by line.
    static func outcomes(_ batch: ParsedBatch) -> [String] {
        batch.entries.map { entry in
            if entry.syntaxError >= 0 { return "\(entry.number): \(batch.syntaxErrors[entry.syntaxError].reason)" }
            let message = entry.message
            let stream = message.stream.map {
                String(decoding: batch.line(entry)[$0.start + 1..<$0.end - 1], as: UTF8.self)
            }
            return "\(entry.number): \(message.kind) \(stream ?? "-") \(batch.members(of: message).count)"
        }
    }

    /// Starts `batches` and waits while the parsing thread fills every spare batch; returns those four batches.
    static func heldWhileWaiting(_ batches: ThreadedBatches<MemoryInput>) throws -> [ParsedBatch] {
        batches.start()
        usleep(300_000)
        var held: [ParsedBatch] = []
        while held.count < 4, let batch = batches.next(timeoutMilliseconds: 2000) { held.append(batch) }
        try #require(held.count == 4)
        return held
    }

    /// Hands `held`, then every later batch one at a time, to `body`, and recycles each, to the end of input.
    static func drain(
        _ batches: ThreadedBatches<MemoryInput>, after held: [ParsedBatch], _ body: (ParsedBatch) throws -> Void
    ) throws {
        var held = held
        var done = false
        while !done {
            let batch = held.isEmpty ? try #require(batches.next(timeoutMilliseconds: 2000)) : held.removeFirst()
            try body(batch)
            done = batch.endOfInput
            batches.recycle(batch)
        }
    }

    @Test func theParsingThreadValidatesWhileTheWriterIsBusyAndLeavesTheRestToIt() throws {
        let records = 400
        let inline = InlineBatches(stage: Self.stage(records: records))
        var expected: [String] = []
        while let batch = inline.next(timeoutMilliseconds: 0) {
            expected += Self.outcomes(batch)
            if batch.endOfInput { break }
        }

        let stage = Self.stage(records: records)
        let batches = ThreadedBatches(stage: stage, batchCount: 4)
        defer { batches.stop() }
        // The consumer waits while the parsing thread fills every spare batch: the first went out while nothing
        // was ready, so it was left as read; each later one was validated while others waited.
        let held = try Self.heldWhileWaiting(batches)
        #expect(!held[0].parsed, "a batch read while the writing stage waited is left to it")
        #expect(held.dropFirst().allSatisfy { $0.parsed }, "batches read while others waited were validated")
        // Taken one at a time from now on, the rest may come either way; the writing stage finishes them.
        var outcomes: [String] = []
        try Self.drain(batches, after: held) { batch in
            stage.parse(batch)
            outcomes += Self.outcomes(batch)
        }
        #expect(outcomes.count == expected.count && outcomes.count > records)
        #expect(outcomes == expected)
    }
}
