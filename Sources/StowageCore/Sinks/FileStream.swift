/// One open file's bytes, handed to the I/O thread a chunk at a time while an encoder writes them: for encoders
/// that write much at once (a Parquet row group of up to `block_size_mb`), so that the group streams to the
/// store instead of being copied whole into one buffer first.
///
/// The file sink makes one per open file of a ``StreamingRecordEncoder`` and passes it in before the first
/// record; such an encoder writes every byte of the file here and none into the sink's buffer, so the order of
/// the bytes is the order of the calls. A failure to queue (the I/O thread failed, or a stop was asked for while
/// waiting) is kept, the later bytes are dropped, and the sink throws it after the encoder's call
/// (``takeWrittenCount()``). Memory: one chunk being filled (`chunkSize` plus the largest single write), plus
/// what the worker's bounded queue holds.
final class FileStream {
    private let unit: Int
    private let worker: IOWorker<FileJobRunner>
    private let chunkSize: Int
    private let bufferCapacity: Int
    private var chunk: OutputBuffer?
    private var written = 0
    /// What the encoder holds back (``RecordEncoder/heldBytes``), kept here by the encoder as it changes so the
    /// sink reads it per record without going through the encoder.
    var heldBytes = 0
    private var failure: (any Error)?
    /// Whether the file's `open` job is queued: bytes written before (by `begin(into:)`) wait for it.
    private var isOpen = false

    init(unit: Int, worker: IOWorker<FileJobRunner>, chunkSize: Int, bufferCapacity: Int) {
        self.unit = unit
        self.worker = worker
        self.chunkSize = chunkSize
        self.bufferCapacity = bufferCapacity
    }

    /// Appends the next bytes of the file, queueing the chunk once it holds `chunkSize` bytes.
    func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            let chunk = self.chunk ?? worker.emptyBuffer(capacity: bufferCapacity)
            let n = isOpen ? min(bytes.count - offset, max(chunkSize - chunk.count, 0)) : bytes.count - offset
            chunk.append(base.assumingMemoryBound(to: UInt8.self) + offset, count: n)
            offset += n
            written += n
            self.chunk = chunk
            if chunk.count >= chunkSize { submitChunk() }
            if failure != nil { return }
        }
    }

    /// Queues the chunk being filled, even if small: call when the encoder pauses for long (after a row group,
    /// at the footer).
    func flush() {
        if failure == nil, let chunk, chunk.count > 0 { submitChunk() }
    }

    /// Lets chunks go to the I/O thread: the sink calls this once it has queued the file's `open` job.
    func open() {
        isOpen = true
        if let chunk, chunk.count >= chunkSize { submitChunk() }
    }

    /// Records a failure of the encoder itself (a codec error), for the sink to throw.
    func fail(_ error: any Error) {
        if failure == nil { failure = error }
    }

    /// Bytes written since the last call; throws the failure, if any.
    func takeWrittenCount() throws -> Int {
        if let failure { throw failure }
        defer { written = 0 }
        return written
    }

    private func submitChunk() {
        guard isOpen, let chunk else { return }
        self.chunk = nil
        do {
            try worker.submit(.write(unit: unit, buffer: chunk))
        } catch {
            failure = error
        }
    }
}

/// An encoder that writes its files through a ``FileStream`` rather than the sink's buffer: the sink passes
/// one in for every file, before ``RecordEncoder/begin(into:)``.
protocol StreamingRecordEncoder: RecordEncoder {
    mutating func stream(to stream: FileStream)
}
