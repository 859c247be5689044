/// Where a sync's records go: files in an object store, or items in a table.
///
/// Records go into commit units (a file, a batch of items) that become durable in the background, in any
/// order; the pipeline's ``StateLedger`` releases a STATE once every unit holding an earlier record has
/// committed. All calls come from the pipeline's thread.
package protocol Sink: AnyObject {
    /// Starts background work and notes what an overwrite may later replace. Call once, first.
    func start() throws
    /// Writes one record of catalog stream `stream` and says which commit unit holds it.
    func write(_ record: RecordView, stream: Int, uuid: inout UUIDGenerator) throws -> CommitReceipt
    /// Closes every open unit, so that each commits soon (the commit interval, the end of input).
    func commitAll() throws
    /// The units that committed since the last call; throws the background failure, if any.
    func takeCommitted() throws -> [Int]
    /// Waits until everything queued has ended, then returns the units that committed.
    func waitUntilIdle() throws -> [Int]
    /// After a successful sync: removes what earlier syncs wrote for these streams; returns how much.
    func replaceEarlierData(ofStreams streams: [Int]) throws -> Int
    /// Stops background work, abandoning whatever is open. Call once, last.
    func stop()
    /// What was written so far.
    var totals: SinkTotals { get }
}

/// Which commit unit a record went into, and whether it is the unit's first record.
package struct CommitReceipt: Equatable {
    package var unit: Int
    package var opensUnit: Bool

    package init(unit: Int, opensUnit: Bool) {
        self.unit = unit
        self.opensUnit = opensUnit
    }
}

/// A sink's running totals, for the closing log line and the summary.
package struct SinkTotals: Sendable, Equatable {
    /// Bytes encoded (before compression).
    package var encodedBytes = 0
    /// Commit units (files, batches) that became durable.
    package var committedUnits = 0
    /// Bytes stored, after compression, in committed units.
    package var storedBytes = 0
    /// Records whose own time could not be read and whose partition came from `emitted_at` instead.
    package var recordTimeFallbacks = 0

    package init() {}
}
