import Logging

/// Lands records as files in an object store: one open file per stream, rolled by size, committed in the
/// background by an ``IOWorker``.
///
/// Each file is one commit unit. Encoding runs on the caller's thread into the file's buffer, which is handed
/// to the I/O thread at ``Options/chunkSize``. Memory: one buffer per open file (`chunkSize` each, shared out by
/// ``Options/bufferBudget`` when many files are open, at least 64 KiB each), what encoders hold back, and the
/// worker's bounded queue.
package final class FileSink: Sink {
    package struct Options: Sendable {
        /// Bytes a file's buffer collects before they are handed to the I/O thread.
        package var chunkSize = 256 << 10
        /// What all open files' buffers may hold together: with many open files each hands off smaller chunks
        /// (never below 64 KiB).
        package var bufferBudget = 16 << 20
        /// The signal that asked the sync to stop, or 0: ends waits on a slow store.
        package var stopSignal: @Sendable () -> Int32 = { 0 }

        package init() {}
    }

    /// One stream as the sink writes it.
    package struct Stream {
        package var descriptor: Catalog.Stream
        package var layout: StreamLayout
        package var encoders: EncoderFactory

        package init(descriptor: Catalog.Stream, layout: StreamLayout, encoders: EncoderFactory) {
            self.descriptor = descriptor
            self.layout = layout
            self.encoders = encoders
        }
    }

    /// An open file, or the place of the next one.
    private struct Slot {
        var encoder: (any RecordEncoder)?
        var buffer: OutputBuffer?
        /// The commit unit of the open file; 0 when none is open.
        var unit = 0
        var fileBytes = 0
    }

    private let streams: [Stream]
    private let maxFileSize: Int
    private let options: Options
    private let worker: IOWorker<FileJobRunner>
    private let logger: Logger
    private var slots: [Slot]
    private var nextUnit = 1
    private var openFiles = 0
    /// The size at which a file's buffer is handed off: ``Options/chunkSize`` shared out by ``Options/bufferBudget``.
    private var handOffSize = 0
    package private(set) var totals = SinkTotals()

    /// `wrap` puts a stage between the encoded bytes and each upload (compression), on the I/O thread.
    package init(
        streams: [Stream], store: any ObjectStore, maxFileSize: Int, logger: Logger, options: Options = Options(),
        wrap: @escaping (any ObjectUpload) -> any ObjectUpload = { $0 }
    ) {
        self.streams = streams
        self.maxFileSize = maxFileSize
        self.options = options
        self.logger = logger
        slots = streams.map { _ in Slot() }
        worker = IOWorker(
            runner: FileJobRunner(store: store, layouts: streams.map(\.layout), wrap: wrap),
            stopSignal: options.stopSignal)
        updateHandOffSize()
    }

    package func start() throws {
        worker.start()
        for (index, stream) in streams.enumerated() where stream.descriptor.syncMode == .overwrite {
            try worker.submit(.snapshot(stream: index))
        }
    }

    package func write(_ record: RecordView, stream: Int, uuid: inout UUIDGenerator) throws -> CommitReceipt {
        let slot = stream
        let opens = slots[slot].unit == 0
        if opens { try open(slot, stream: stream) }
        let unit = slots[slot].unit
        let buffer = slots[slot].buffer!
        let before = buffer.count
        slots[slot].encoder!.encode(record, uuid: &uuid, into: buffer)
        let added = buffer.count - before
        slots[slot].fileBytes += added
        totals.encodedBytes += added
        if buffer.count >= handOffSize {
            try worker.submit(.write(unit: unit, buffer: buffer))
            slots[slot].buffer = worker.emptyBuffer(capacity: bufferCapacity)
        }
        if slots[slot].fileBytes >= maxFileSize { try finish(slot) }
        return CommitReceipt(unit: unit, opensUnit: opens)
    }

    package func commitAll() throws {
        for slot in slots.indices { try finish(slot) }
    }

    package func takeCommitted() throws -> [Int] {
        units(of: try worker.takeResults())
    }

    package func waitUntilIdle() throws -> [Int] {
        units(of: try worker.waitUntilIdle())
    }

    package func replaceEarlierData(ofStreams indices: [Int]) throws -> Int {
        for index in indices { try worker.submit(.deleteSnapshot(stream: index)) }
        var deleted = 0
        for result in try worker.waitUntilIdle() {
            if case .deleted(let stream, let count) = result {
                deleted += count
                if count > 0 {
                    logger.info(
                        "Deleted earlier files.",
                        metadata: ["stream": "\(streams[stream].descriptor.displayName)", "count": "\(count)"])
                }
            }
        }
        return deleted
    }

    package func stop() {
        worker.stop()
    }

    private func units(of results: [FileJobResult]) -> [Int] {
        var units: [Int] = []
        for result in results {
            if case .committed(let unit, let key, let bytes) = result {
                totals.committedUnits += 1
                totals.storedBytes += bytes
                logger.debug("File complete.", metadata: ["key": "\(key)", "bytes": "\(bytes)"])
                units.append(unit)
            }
        }
        return units
    }

    private func open(_ slot: Int, stream: Int) throws {
        let unit = nextUnit
        nextUnit += 1
        openFiles += 1
        updateHandOffSize()
        var encoder = streams[stream].encoders.makeEncoder()
        let buffer = slots[slot].buffer ?? worker.emptyBuffer(capacity: bufferCapacity)
        let before = buffer.count
        encoder.begin(into: buffer)
        totals.encodedBytes += buffer.count - before
        slots[slot] = Slot(encoder: encoder, buffer: buffer, unit: unit, fileBytes: buffer.count - before)
        try worker.submit(.open(unit: unit, stream: stream))
    }

    private func finish(_ slot: Int) throws {
        let unit = slots[slot].unit
        guard unit != 0 else { return }
        let buffer = slots[slot].buffer ?? worker.emptyBuffer(capacity: bufferCapacity)
        let before = buffer.count
        slots[slot].encoder!.end(into: buffer)
        totals.encodedBytes += buffer.count - before
        if buffer.count > 0 {
            try worker.submit(.write(unit: unit, buffer: buffer))
            slots[slot].buffer = nil
        } else {
            slots[slot].buffer = buffer
        }
        try worker.submit(.finish(unit: unit))
        slots[slot].unit = 0
        slots[slot].encoder = nil
        openFiles -= 1
        updateHandOffSize()
    }

    /// A file buffer's size: a chunk plus room for the record that crosses the hand-off size.
    private var bufferCapacity: Int { options.chunkSize + options.chunkSize / 4 }

    private func updateHandOffSize() {
        handOffSize = min(options.chunkSize, max(64 << 10, options.bufferBudget / max(openFiles, 1)))
    }
}
