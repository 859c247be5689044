/// A ``Sink`` that counts each stream's records for a ``SyncMeter`` and passes everything on.
package final class MeteredSink: Sink {
    private let inner: any Sink
    private let meter: SyncMeter
    private var records: [Int]

    package init(_ inner: any Sink, meter: SyncMeter, streamCount: Int) {
        self.inner = inner
        self.meter = meter
        records = Array(repeating: 0, count: streamCount)
    }

    package func start() throws { try inner.start() }

    package func write(_ record: RecordView, stream: Int, uuid: inout UUIDGenerator) throws -> CommitReceipt {
        let receipt = try inner.write(record, stream: stream, uuid: &uuid)
        records[stream] += 1
        return receipt
    }

    package func commitAll() throws { try inner.commitAll() }

    package func takeCommitted() throws -> [Int] {
        meter.publish(records: records)
        return try inner.takeCommitted()
    }

    package func waitUntilIdle() throws -> [Int] {
        meter.publish(records: records)
        return try inner.waitUntilIdle()
    }

    package func replaceEarlierData(ofStreams streams: [Int]) throws -> Int {
        try inner.replaceEarlierData(ofStreams: streams)
    }

    package func stop() {
        meter.publish(records: records)
        inner.stop()
    }

    package var totals: SinkTotals { inner.totals }
}
