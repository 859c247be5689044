import Logging

/// Lands records as files in an object store: one open file per stream, or per partition of a partitioned
/// stream, rolled by size and record count, committed in the background by an ``IOWorker``.
///
/// Each file is one commit unit. Encoding runs on the caller's thread into the file's buffer, which is handed
/// to the I/O thread at ``Options/chunkSize``. At most ``Options/maxOpenFiles`` files are open: past that, the
/// least recently written one is finished. Memory: one buffer per open file (`chunkSize` each, shared out by
/// ``Options/bufferBudget`` when many files are open, at least 64 KiB each), what encoders hold back, what the
/// store holds per open object (`specs/s3.md`), and the worker's bounded queue.
package final class FileSink: Sink {
    package struct Options: Sendable {
        /// Bytes a file's buffer collects before they are handed to the I/O thread.
        package var chunkSize = 256 << 10
        /// What all open files' buffers may hold together: with many open files each hands off smaller chunks
        /// (never below 64 KiB).
        package var bufferBudget = 16 << 20
        /// Files open at once, over every stream and partition.
        package var maxOpenFiles = 64
        /// What open uploads may keep in memory together, for stores that buffer (S3): past it, the open file
        /// holding most is finished early. 160 MiB keeps 40 partitions into S3 under 256 MiB of RSS.
        package var uploadBufferBudget = 160 << 20
        /// What all open files' encoders may hold back together (``RecordEncoder/heldBytes``, a Parquet row group):
        /// past it the one holding most writes out what it holds (``RecordEncoder/flush(into:)``).
        package var heldBytesBudget = Int.max
        /// A file is finished once it holds this many bytes (before compression)…
        package var maxFileSize = 200 << 20
        /// …or this many records.
        package var maxRecordsPerFile = Int.max
        /// Whether an overwrite replaces only the partition folders the sync wrote to (else the whole stream).
        package var replacesPartitionsOnly = false
        /// The signal that asked the sync to stop, or 0: ends waits on a slow store.
        package var stopSignal: @Sendable () -> Int32 = { 0 }

        package init() {}
    }

    /// One stream as the sink writes it.
    package struct Stream {
        package var descriptor: Catalog.Stream
        package var encoders: EncoderFactory
        /// Where a partitioned stream's records keep their time (ignored when the stream is not partitioned).
        package var time: RecordTime
        /// Names of its own (a stream's rejects live elsewhere, as JSON Lines); nil: the sink's. Its epoch is
        /// replaced by the sync's claimed one.
        package var naming: Naming?
        /// Whether the sink's stage between encoder and upload (compression) applies.
        package var wrapped: Bool

        package init(
            descriptor: Catalog.Stream, encoders: EncoderFactory, time: RecordTime, naming: Naming? = nil,
            wrapped: Bool = true
        ) {
            self.descriptor = descriptor
            self.encoders = encoders
            self.time = time
            self.naming = naming
            self.wrapped = wrapped
        }
    }

    /// How the sink names objects; the epoch is the sync's start, which ``start()`` claims (it may move on by a
    /// few milliseconds when another sync claimed the same one).
    package struct Naming: Sendable {
        package var bucketPath: String
        /// `s3_path_format`, with `${EPOCH}_` appended when it has none, so that names never collide.
        package var pathFormat: String
        package var syncUUID: String
        package var fileExtension: String
        package var epoch: Int64

        /// Fails with a ``ConfigError`` when the format names an unknown variable or a `.`/`..` segment.
        package func layout() throws(ConfigError) -> ObjectLayout {
            try ObjectLayout(
                bucketPath: bucketPath, pathFormat: pathFormat, syncStartMilliseconds: epoch, syncUUID: syncUUID,
                fileExtension: fileExtension)
        }
    }

    /// An open file, or the place of the next one: one per stream, or per partition.
    private struct Slot: SlotKeyed {
        let stream: Int
        /// The partition's key bytes (empty for a stream without partitions).
        let key: [UInt8]
        let layout: StreamLayout
        var encoder: (any RecordEncoder)?
        var buffer: OutputBuffer?
        /// The open file's stream, when its encoder writes through one (``StreamingRecordEncoder``).
        var fileStream: FileStream?
        /// What the encoder held back at its last call, counted in ``FileSink/heldBytes``.
        var held = 0
        /// The commit unit of the open file; 0 when none is open.
        var unit = 0
        var fileBytes = 0
        var fileRecords = 0
        var lastUse: UInt64 = 0
        /// Whether this partition's folder has been listed (for part numbers and a partition overwrite).
        var listed = false
    }

    private let streams: [Stream]
    private let options: Options
    private let store: any ObjectStore
    private var naming: Naming
    /// Each stream's names, for the epoch claimed at ``start()``.
    private var namings: [StreamNaming]
    private let clock: any SyncClock
    private var claim: SyncClaim?
    private var lastHeartbeat = 0.0
    /// What one open upload holds in memory at most (nil: nothing), and what all of them hold now, estimated
    /// from the bytes encoded into each (before compression, so never less than the truth).
    private let uploadBuffer: Int?
    private var uploadBuffered = 0
    private let worker: IOWorker<FileJobRunner>
    private let logger: Logger
    private var slots: [Slot] = []
    private var partitioners: [Partitioner]
    private var slotTable = SlotTable()
    private var nextUnit = 1
    private var openFiles = 0
    private var useCounter: UInt64 = 0
    /// The size at which a file's buffer is handed off: ``Options/chunkSize`` shared out by ``Options/bufferBudget``.
    private var handOffSize = 0
    private var counts = SinkTotals()
    /// What every open file's encoder holds back, summed: at most ``Options/heldBytesBudget`` after each record.
    private var heldBytes = 0

    package var totals: SinkTotals {
        var totals = counts
        totals.recordTimeFallbacks = partitioners.reduce(0) { $0 + $1.fallbacks }
        return totals
    }

    /// `wrap` puts a stage between the encoded bytes and each upload (compression), on the I/O thread.
    package init(
        streams: [Stream], naming: Naming, store: any ObjectStore, clock: any SyncClock = SystemClock(),
        logger: Logger, options: Options = Options(), wrap: @escaping (any ObjectUpload) -> any ObjectUpload = { $0 }
    ) throws(ConfigError) {
        self.streams = streams
        self.naming = naming
        self.store = store
        self.clock = clock
        self.options = options
        self.logger = logger
        uploadBuffer = store.bufferedBytesPerUpload
        let namings = try Self.namings(of: streams, naming: naming)
        self.namings = namings
        partitioners = zip(streams, namings).map { stream, naming in
            Partitioner(pieces: naming.isPartitioned ? naming.recordPieces : [], time: stream.time)
        }
        worker = IOWorker(runner: FileJobRunner(store: store, wrap: wrap), stopSignal: options.stopSignal)
        updateHandOffSize()
    }

    /// Claims the sync's epoch, names every stream's files with it, reclaims what dead syncs left under the
    /// bucket path, and starts the I/O thread.
    package func start() throws {
        let claim = try SyncClaim.acquire(
            store: store, bucketPath: naming.bucketPath, epoch: naming.epoch, sync: naming.syncUUID,
            nowMilliseconds: clock.wallMilliseconds())
        self.claim = claim
        lastHeartbeat = clock.monotonicSeconds()
        if claim.epoch != naming.epoch {
            naming.epoch = claim.epoch
            namings = try Self.namings(of: streams, naming: naming)
        }
        for (index, naming) in namings.enumerated() where !naming.isPartitioned {
            partitioners[index].remember(addSlot(stream: index, key: []))
        }
        let patterns = namings.map(\.anyPartition)
        let reclaimed = try LeftoverReclaimer.run(
            store: store, bucketPath: naming.bucketPath, ownFile: { key in patterns.contains { $0.isOwnFile(key) } },
            nowMilliseconds: clock.wallMilliseconds())
        if reclaimed.uploads + reclaimed.claims > 0 {
            logger.info(
                "Reclaimed what earlier syncs left behind.",
                metadata: ["incomplete_uploads": "\(reclaimed.uploads)", "claims": "\(reclaimed.claims)"])
        }
        worker.start()
        for (index, stream) in streams.enumerated() where stream.descriptor.replacesEarlierData {
            if !(options.replacesPartitionsOnly && namings[index].isPartitioned) {
                try worker.submit(.snapshot(stream: index, layout: patterns[index]))
            }
        }
    }

    package func write(_ record: RecordView, stream: Int, uuid: inout UUIDGenerator) throws -> CommitReceipt {
        let slot = try slot(for: record, stream: stream)
        let opens = slots[slot].unit == 0
        if opens { try open(slot) }
        useCounter &+= 1
        slots[slot].lastUse = useCounter
        let unit = slots[slot].unit
        let buffer = slots[slot].buffer!
        let before = buffer.count
        slots[slot].encoder!.encode(record, uuid: &uuid, into: buffer)
        let added = buffer.count - before + (try slots[slot].fileStream?.takeWrittenCount() ?? 0)
        if let uploadBuffer {
            uploadBuffered +=
                min(slots[slot].fileBytes + added, uploadBuffer) - min(slots[slot].fileBytes, uploadBuffer)
        }
        slots[slot].fileBytes += added
        slots[slot].fileRecords += 1
        counts.encodedBytes += added
        if buffer.count >= handOffSize {
            try worker.submit(.write(unit: unit, buffer: buffer))
            slots[slot].buffer = worker.emptyBuffer(capacity: bufferCapacity)
        }
        try accountHeldBytes(of: slot)
        if slots[slot].fileBytes >= options.maxFileSize || slots[slot].fileRecords >= options.maxRecordsPerFile {
            try finish(slot)
        }
        if uploadBuffered > options.uploadBufferBudget, let fullest = fullestOpenSlot() { try finish(fullest) }
        return CommitReceipt(unit: unit, opensUnit: opens)
    }

    package func commitAll() throws {
        for slot in slots.indices { try finish(slot) }
    }

    package func takeCommitted() throws -> [Int] {
        if let claim, !store.supportsLocks, clock.monotonicSeconds() - lastHeartbeat >= SyncClaim.heartbeatSeconds {
            lastHeartbeat = clock.monotonicSeconds()
            try worker.submit(.heartbeat(claim))
        }
        return units(of: try worker.takeResults())
    }

    package func waitUntilIdle() throws -> [Int] {
        units(of: try worker.waitUntilIdle())
    }

    /// Each stream's names: by its own naming or the sink's, at the sink's epoch.
    private static func namings(of streams: [Stream], naming: Naming) throws(ConfigError) -> [StreamNaming] {
        var namings: [StreamNaming] = []
        for stream in streams {
            var own = stream.naming ?? naming
            own.epoch = naming.epoch
            own.syncUUID = naming.syncUUID
            namings.append(
                try own.layout().stream(namespace: stream.descriptor.namespace, name: stream.descriptor.name))
        }
        return namings
    }

    /// The metadata naming the generation that wrote an object, as Airbyte's destination-s3 names it
    /// (`x-amz-meta-ab-generation-id` on S3; locally in the object's metadata file).
    package static let generationMetadata = "ab-generation-id"

    package func replaceEarlierData(ofStreams indices: [Int]) throws -> Int {
        for index in indices {
            try worker.submit(
                .deleteSnapshot(stream: index, belowGeneration: streams[index].descriptor.replacedBelowGeneration))
        }
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
        claim?.release(nowMilliseconds: clock.wallMilliseconds())
        claim = nil
    }

    /// The slot of `record`: its stream's, or its partition's, made on the partition's first record.
    @inline(__always)
    private func slot(for record: RecordView, stream: Int) throws -> Int {
        let outcome: Partitioner.Outcome
        do {
            outcome = try partitioners[stream].partition(record)
        } catch {
            throw RecordTimeError(
                stream: streams[stream].descriptor, field: streams[stream].time.field, value: error.value)
        }
        if case .known(let slot) = outcome { return slot }
        let key = partitioners[stream].key
        let found: Int
        if let current = partitioners[stream].currentTag, slots[current].key == key {
            found = current
        } else {
            found = slotTable.find(stream: stream, key: key, in: slots) ?? addSlot(stream: stream, key: key)
        }
        partitioners[stream].remember(found)
        return found
    }

    private func addSlot(stream: Int, key: [UInt8]) -> Int {
        let naming = namings[stream]
        let values = partitioners[stream].values
        let index = slots.count
        slots.append(Slot(stream: stream, key: key, layout: naming.layout(values: values)))
        slotTable.insert(index, stream: stream, key: key, in: slots)
        return index
    }

    private func units(of results: [FileJobResult]) -> [Int] {
        var units: [Int] = []
        for result in results {
            if case .committed(let unit, let key, let bytes) = result {
                counts.committedUnits += 1
                counts.storedBytes += bytes
                logger.debug("File complete.", metadata: ["key": "\(key)", "bytes": "\(bytes)"])
                units.append(unit)
            }
        }
        return units
    }

    private func open(_ slot: Int) throws {
        if openFiles >= options.maxOpenFiles, let oldest = leastRecentlyUsedOpenSlot() { try finish(oldest) }
        let unit = nextUnit
        nextUnit += 1
        openFiles += 1
        updateHandOffSize()
        let stream = slots[slot].stream
        var encoder = streams[stream].encoders.makeEncoder()
        if var streaming = encoder as? any StreamingRecordEncoder {
            let fileStream = FileStream(
                unit: unit, worker: worker, chunkSize: options.chunkSize, bufferCapacity: bufferCapacity)
            streaming.stream(to: fileStream)
            encoder = streaming
            slots[slot].fileStream = fileStream
        }
        let buffer = slots[slot].buffer ?? worker.emptyBuffer(capacity: bufferCapacity)
        let before = buffer.count
        encoder.begin(into: buffer)
        counts.encodedBytes += buffer.count - before
        slots[slot].encoder = encoder
        slots[slot].buffer = buffer
        slots[slot].unit = unit
        slots[slot].fileBytes = buffer.count - before
        slots[slot].fileRecords = 0
        let snapshot =
            !slots[slot].listed && options.replacesPartitionsOnly && namings[stream].isPartitioned
            && streams[stream].descriptor.replacesEarlierData
        slots[slot].listed = true
        var metadata = [(LocalDirectoryStore.ownerMetadata, String(naming.epoch))]
        if let generation = streams[stream].descriptor.generationID {
            metadata.append((Self.generationMetadata, String(generation)))
        }
        try worker.submit(
            .open(
                unit: unit, stream: stream, layout: slots[slot].layout, snapshot: snapshot, metadata: metadata,
                wrapped: streams[stream].wrapped))
        slots[slot].fileStream?.open()
    }

    private func fullestOpenSlot() -> Int? {
        var fullest: Int?
        for index in slots.indices where slots[index].unit != 0 {
            if fullest == nil || slots[index].fileBytes > slots[fullest!].fileBytes { fullest = index }
        }
        return fullest
    }

    private func leastRecentlyUsedOpenSlot() -> Int? {
        var oldest: Int?
        for index in slots.indices where slots[index].unit != 0 {
            if oldest == nil || slots[index].lastUse < slots[oldest!].lastUse { oldest = index }
        }
        return oldest
    }

    private func finish(_ slot: Int) throws {
        let unit = slots[slot].unit
        guard unit != 0 else { return }
        let buffer = slots[slot].buffer ?? worker.emptyBuffer(capacity: bufferCapacity)
        let before = buffer.count
        slots[slot].encoder!.end(into: buffer)
        counts.encodedBytes += buffer.count - before + (try slots[slot].fileStream?.takeWrittenCount() ?? 0)
        heldBytes -= slots[slot].held
        slots[slot].held = 0
        slots[slot].fileStream = nil
        if buffer.count > 0 {
            try worker.submit(.write(unit: unit, buffer: buffer))
            slots[slot].buffer = nil
        } else {
            slots[slot].buffer = buffer
        }
        try worker.submit(.finish(unit: unit))
        if let uploadBuffer { uploadBuffered -= min(slots[slot].fileBytes, uploadBuffer) }
        slots[slot].unit = 0
        slots[slot].encoder = nil
        openFiles -= 1
        updateHandOffSize()
    }

    /// Counts what `slot`'s streaming encoder now holds back (``FileStream/heldBytes``); past the budget, makes
    /// the encoders holding most write it out (a Parquet file ends its row group early), until the sum is within
    /// the budget again. Upload buffers count against the budget (down to a quarter of it), so that files
    /// streaming to S3 hold smaller row groups.
    private func accountHeldBytes(of slot: Int) throws {
        // Read through the stream: asking the existential encoder would copy it for every record.
        guard let held = slots[slot].fileStream?.heldBytes, held != slots[slot].held else { return }
        heldBytes += held - slots[slot].held
        slots[slot].held = held
        // What uploads buffer (S3 part buffers) comes out of the same memory: the encoders get what is left, but
        // never less than a quarter of their budget.
        let budget = max(options.heldBytesBudget / 4, options.heldBytesBudget - uploadBuffered)
        while heldBytes > budget {
            var largest = slot
            for index in slots.indices where slots[index].unit != 0 && slots[index].held > slots[largest].held {
                largest = index
            }
            let before = slots[largest].held
            let buffer = slots[largest].buffer!
            let count = buffer.count
            slots[largest].encoder!.flush(into: buffer)
            let added = buffer.count - count + (try slots[largest].fileStream?.takeWrittenCount() ?? 0)
            if let uploadBuffer {
                uploadBuffered +=
                    min(slots[largest].fileBytes + added, uploadBuffer) - min(slots[largest].fileBytes, uploadBuffer)
            }
            slots[largest].fileBytes += added
            counts.encodedBytes += added
            slots[largest].held = slots[largest].fileStream?.heldBytes ?? 0
            heldBytes += slots[largest].held - before
            if slots[largest].held >= before { break }
        }
    }

    /// A file buffer's size: a chunk plus room for the record that crosses the hand-off size.
    private var bufferCapacity: Int { options.chunkSize + options.chunkSize / 4 }

    private func updateHandOffSize() {
        handOffSize = min(options.chunkSize, max(64 << 10, options.bufferBudget / max(openFiles, 1)))
    }
}

/// A record of a partitioned stream has no time the partitions can be read from.
package struct RecordTimeError: Error {
    package var stream: Catalog.Stream
    package var field: String?
    package var value: String?
}
