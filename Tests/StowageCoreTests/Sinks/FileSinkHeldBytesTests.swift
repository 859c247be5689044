import SampleData
import StowageTesting
import Testing

@testable import StowageCore

/// The file sink's seam for encoders that hold a row group: bytes streamed through a ``FileStream`` land in
/// order, and one budget over every open file's held bytes makes the largest write out early.
@Suite struct FileSinkHeldBytesTests {
    /// Holds `perRecord` bytes a record (the record's id, repeated) until flushed, then streams them.
    struct HoldingEncoder: StreamingRecordEncoder {
        static let perRecord = 100
        var stream: FileStream?
        var pending: [UInt8] = []
        var heldBytes: Int { pending.count }
        var flushes: Counter

        mutating func stream(to stream: FileStream) { self.stream = stream }
        mutating func begin(into out: OutputBuffer) { write(Array("BEGIN|".utf8)) }

        mutating func encode(_ record: RecordView, uuid: inout UUIDGenerator, into out: OutputBuffer) {
            let id = record.bytes(of: record.members[0].value)
            for _ in 0..<Self.perRecord / id.count { pending += id }
            pending += repeatElement(UInt8(ascii: "."), count: Self.perRecord % id.count)
            stream!.heldBytes = pending.count
        }

        mutating func flush(into out: OutputBuffer) {
            flushes.value += 1
            write(pending + Array("|".utf8))
            pending = []
            stream!.heldBytes = 0
        }

        mutating func end(into out: OutputBuffer) {
            write(pending + Array("|END".utf8))
            pending = []
            stream!.heldBytes = 0
        }

        private func write(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { stream!.write($0) }
            stream!.flush()
        }
    }

    final class Counter { var value = 0 }

    static func sink(store: InMemoryObjectStore, streams: Int, budget: Int, flushes: Counter) throws -> FileSink {
        var options = FileSink.Options()
        options.heldBytesBudget = budget
        options.chunkSize = 64
        let descriptors = (0..<streams).map {
            FileSink.Stream(
                descriptor: Catalog.Stream(name: "s\($0)", columns: ["id"]),
                encoders: EncoderFactory { HoldingEncoder(flushes: flushes) }, time: RecordTime(field: nil))
        }
        let naming = FileSink.Naming(
            bucketPath: "out", pathFormat: "${STREAM_NAME}/${EPOCH}_", syncUUID: "u", fileExtension: ".bin",
            epoch: 1_700_000_000_000)
        return try FileSink(
            streams: descriptors, naming: naming, store: store, logger: Fixtures.logger, options: options)
    }

    static func write(_ sink: FileSink, id: Int, stream: Int, uuid: inout UUIDGenerator) throws {
        let line = Array(
            #"{"type":"RECORD","record":{"stream":"s\#(stream)","data":{"id":\#(id % 10)},"emitted_at":1}}"#.utf8)
        let parser = MessageParser(listsDataMembers: true)
        var members = MemberList()
        try line.withUnsafeBufferPointer { buffer in
            let message = try parser.parse(buffer, appendingMembersTo: &members)
            let record = RecordView(
                line: buffer, emittedAt: message.emittedAt!, data: message.data!, members: members.members)
            _ = try sink.write(record, stream: stream, uuid: &uuid)
        }
    }

    @Test func theLargestHolderFlushesOnceTheBudgetIsPassedAndBytesStayInOrder() throws {
        let store = InMemoryObjectStore()
        let flushes = Counter()
        let sink = try Self.sink(store: store, streams: 3, budget: 1000, flushes: flushes)
        try sink.start()
        var uuid = UUIDGenerator(source: SplitMix64(seed: 1))
        for i in 0..<300 { try Self.write(sink, id: i, stream: i % 3, uuid: &uuid) }
        try sink.commitAll()
        _ = try sink.waitUntilIdle()
        sink.stop()
        // 300 records × 100 bytes, at most 1000 held by the three files together: each early flush writes the
        // largest holder's few hundred bytes.
        #expect(flushes.value > 30 && flushes.value < 100, "\(flushes.value) flushes")
        let keys = store.keys.filter { !$0.contains("_stowage") }.sorted()
        #expect(keys.count == 3)
        for (stream, key) in keys.enumerated() {
            let text = String(decoding: store.object(key)!, as: UTF8.self)
            #expect(text.hasPrefix("BEGIN|") && text.hasSuffix("|END"))
            let groups = text.dropFirst(6).dropLast(4).split(separator: "|")
            #expect(groups.dropLast().allSatisfy { $0.count <= 1000 }, "no file held more than the budget")
            let body = groups.joined()
            let expected = stride(from: stream, to: 300, by: 3).map { String(repeating: "\($0 % 10)", count: 100) }
            #expect(body == expected.joined(), "file \(key) holds its stream's records in order")
        }
    }

    @Test func withoutABudgetNothingFlushesEarly() throws {
        let store = InMemoryObjectStore()
        let flushes = Counter()
        let sink = try Self.sink(store: store, streams: 2, budget: .max, flushes: flushes)
        try sink.start()
        var uuid = UUIDGenerator(source: SplitMix64(seed: 1))
        for i in 0..<100 { try Self.write(sink, id: i, stream: i % 2, uuid: &uuid) }
        try sink.commitAll()
        _ = try sink.waitUntilIdle()
        sink.stop()
        #expect(flushes.value == 0)
        #expect(sink.totals.encodedBytes == 2 * (6 + 50 * 100 + 4), "streamed bytes are counted")
    }
}
