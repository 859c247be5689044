import AWSCore
import Codecs

/// An ``ObjectUpload`` that compresses the bytes written to it and writes them, compressed, to another upload.
///
/// Bytes are cut into blocks of `blockSize`; each full block is compressed on the ``CompressionPool``, in parallel
/// with other blocks of this and other files, and compressed blocks go to the inner upload strictly in input order,
/// from the calling thread. The object is always a valid file of its kind, even with no input:
/// - gzip levels 1–2 (ISA-L): one RFC 1952 member. Each block is raw deflate primed with the 32 KiB before it and
///   ended with a sync flush; the member is the header, the blocks, an empty final block, then the CRC-32 (joined
///   with `crc32_combine`) and ISIZE. This is how madler/pigz makes one member in parallel.
/// - gzip levels 3–9 (libdeflate): each block its own member; RFC 1952 §2.2 allows a series of members.
/// - zstd: each block its own frame with a content checksum (RFC 8878 §3.1 allows concatenated frames).
///
/// Memory per open file: `blocksInFlight + 1` slots (the blocks in flight and the one being filled), each up to
/// `blockSize` + 32 KiB of input and a block's compressed bound of output (at most `blockSize` + 1/64 + 1 KiB):
/// 8.2 MiB at the defaults (1 MiB blocks, 3 in flight: 4 × (1056 + 1041 KiB)). Slots grow on demand, so a small
/// file holds only what it used; the pool's contexts are shared. `write` waits while `blocksInFlight` blocks are in
/// flight.
/// Threading: one thread at a time calls `write`, `complete` and `abort` (the pipeline's I/O thread); it is also the
/// thread that writes to the inner upload.
package final class CompressingUpload: ObjectUpload {
    package static let defaultBlockSize = 1 << 20
    /// Enough for two threads to compress while the caller fills the next block and the inner upload writes one.
    package static let defaultBlocksInFlight = 3

    /// Bytes written to this upload so far.
    package private(set) var inputBytes = 0
    /// Compressed bytes written to the inner upload so far; final once ``complete()`` returns.
    package private(set) var outputBytes = 0
    package var storedBytes: Int? { outputBytes }

    /// Blocks handed to the pool and not yet written to the inner upload; at most `blocksInFlight`.
    var blocksInFlight: Int { filling - oldest }
    /// Blocks queued on the pool or being compressed.
    var blocksInPool: Int { blocks.lock.withLock { blocks.inFlight } }
    /// The capacity of every slot's buffers; read it only when no block is in the pool.
    var bufferCapacity: Int { blocks.slots.reduce(0) { $0 + $1.input.capacity + $1.output.capacity } }

    private let inner: any ObjectUpload
    private let pool: CompressionPool
    private let blocks: CompressionBlocks
    private let engine: CompressionEngine
    private let settings: CompressionSettings
    private let blockSize: Int
    private var slotCount: Int { blocks.slots.count }
    /// The block being filled; it uses slot `filling % slotCount`, as every block does.
    private var filling = 0
    /// The first block not yet written to the inner upload.
    private var oldest = 0
    /// ISA-L only: the CRC-32 of the input of every block written so far, and whether the header went out.
    private var crc: UInt32 = 0
    private var headerWritten = false
    private var failure: (any Error)?
    private var finished = false
    private var aborted = false

    /// Compresses into `inner`, which this upload completes or aborts.
    ///
    /// Settings whose level is outside its range make every `write` and `complete` throw a configuration error.
    package init(
        wrapping inner: any ObjectUpload, settings: CompressionSettings, pool: CompressionPool,
        blockSize: Int = CompressingUpload.defaultBlockSize,
        blocksInFlight: Int = CompressingUpload.defaultBlocksInFlight
    ) {
        precondition(blockSize >= 1 && blockSize <= 1 << 30, "block size \(blockSize) outside 1 byte to 1 GiB")
        precondition(blocksInFlight >= 1, "at least one block must be allowed in flight")
        self.inner = inner
        self.pool = pool
        self.settings = settings
        self.engine = CompressionEngine(settings)
        self.blockSize = blockSize
        self.blocks = CompressionBlocks(engine: engine, slotCount: blocksInFlight + 1)
        if !settings.isValid {
            let range = CompressionSettings.levels(settings.kind)
            failure = StorageError(
                .configuration,
                "Compression level '\(settings.level)' is not valid for \(settings.kind.rawValue); "
                    + "set 'compression_level' to \(range.lowerBound) to \(range.upperBound).")
        }
    }

    /// Copies `bytes` into blocks, handing each full one to the pool; waits while `blocksInFlight` are in flight.
    ///
    /// Throws the inner upload's error or a compression failure (as a ``StorageError``), then again on every call.
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        try checkUsable()
        var offset = 0
        while offset < bytes.count {
            let slot = blocks.slots[filling % slotCount]
            let room = blockSize - (slot.input.count - slot.dictionaryCount)
            let taken = min(room, bytes.count - offset)
            let needed = slot.input.count + taken
            if needed > slot.input.capacity {
                // Doubling, for small files, but never past one block and its dictionary.
                slot.input.reserveCapacity(min(slot.dictionaryCount + blockSize, max(needed, slot.input.capacity * 2)))
            }
            slot.input.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + taken]))
            offset += taken
            inputBytes += taken
            if taken == room {
                submitFillingBlock()
                try startNextBlock()
            }
        }
    }

    /// Compresses the last block, writes every block and the trailer, then completes the inner upload.
    package func complete() throws {
        try checkUsable()
        let slot = blocks.slots[filling % slotCount]
        let pending = slot.input.count - slot.dictionaryCount
        // An empty object still needs one (empty) libdeflate member or zstd frame; ISA-L's comes from the trailer.
        if pending > 0 || (inputBytes == 0 && !engine.usesDictionary) { submitFillingBlock() }
        try writeCompressedBlocks(waitingUntil: filling)
        if engine.usesDictionary { try writeMemberEnd() }
        do {
            try inner.complete()
        } catch {
            failure = error
            throw error
        }
        finished = true
    }

    /// Waits for this upload's blocks being compressed (blocks still queued are dropped), then aborts the inner
    /// upload; never throws, and does nothing the second time.
    package func abort() {
        guard !aborted else { return }
        aborted = true
        finished = true
        blocks.lock.withLock { blocks.cancelled = true }
        let removed = pool.queue.remove(blocks)
        blocks.lock.withLock {
            blocks.inFlight -= removed
            while blocks.inFlight > 0 { blocks.lock.wait() }
        }
        inner.abort()
    }

    private func checkUsable() throws {
        if let failure { throw failure }
        precondition(!finished, "write or complete after the upload was completed or aborted")
    }

    private func submitFillingBlock() {
        let index = filling % slotCount
        blocks.lock.withLock {
            blocks.states[index] = .queued
            blocks.inFlight += 1
        }
        pool.queue.submit(blocks, slot: index)
        filling += 1
    }

    /// Waits for the slot of block `filling` to be free, then primes it with the 32 KiB before it (ISA-L).
    private func startNextBlock() throws {
        try writeCompressedBlocks(waitingUntil: filling - slotCount + 1)
        let slot = blocks.slots[filling % slotCount]
        slot.input.removeAll()
        slot.dictionaryCount = 0
        guard engine.usesDictionary else { return }
        // The previous block may still be compressing; both sides only read its input.
        let previous = blocks.slots[(filling - 1) % slotCount].input.bytes
        let kept = min(IsalDeflater.windowSize, previous.count)
        slot.input.reserveCapacity(kept + blockSize)
        slot.input.append(UnsafeRawBufferPointer(rebasing: previous[(previous.count - kept)...]))
        slot.dictionaryCount = kept
    }

    /// Writes compressed blocks in order to the inner upload: waits until every block before `target` is written,
    /// and also writes the ones after it that are ready.
    private func writeCompressedBlocks(waitingUntil target: Int) throws {
        while oldest < filling {
            let index = oldest % slotCount
            let ready = blocks.lock.withLock {
                while blocks.states[index] != .compressed && oldest < target { blocks.lock.wait() }
                return blocks.states[index] == .compressed
            }
            guard ready else { return }
            try writeBlock(blocks.slots[index])
            blocks.lock.withLock { blocks.states[index] = .free }
            oldest += 1
        }
    }

    private func writeBlock(_ slot: CompressionBlocks.Slot) throws {
        if let error = slot.error {
            let failed = storageError(error)
            failure = failed
            throw failed
        }
        if engine.usesDictionary {
            try writeMemberHeader()
            crc = CRC32.combine(crc, slot.crc, secondCount: slot.input.count - slot.dictionaryCount)
        }
        try writeToInner(slot.output.bytes)
    }

    /// RFC 1952 §2.3: ID1 ID2, CM 8 (deflate), no flags, MTIME 0 (none: output depends only on input), XFL 0,
    /// OS 3 (Unix).
    private func writeMemberHeader() throws {
        guard !headerWritten else { return }
        let header: Bytes10 = (0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3)
        try withUnsafeBytes(of: header) { try writeToInner($0) }
        headerWritten = true
    }

    /// An empty final fixed-Huffman block (RFC 1951 §3.2.3, §3.2.6: BFINAL 1, BTYPE 01, end-of-block code 0000000,
    /// byte aligned after the last sync flush), then CRC32 and ISIZE (input size mod 2^32), little-endian
    /// (RFC 1952 §2.3.1).
    private func writeMemberEnd() throws {
        try writeMemberHeader()
        let size = UInt32(truncatingIfNeeded: inputBytes)
        func byte(_ value: UInt32, _ index: UInt32) -> UInt8 { UInt8(truncatingIfNeeded: value >> (8 * index)) }
        let trailer: Bytes10 = (
            0x03, 0x00, byte(crc, 0), byte(crc, 1), byte(crc, 2), byte(crc, 3),
            byte(size, 0), byte(size, 1), byte(size, 2), byte(size, 3)
        )
        try withUnsafeBytes(of: trailer) { try writeToInner($0) }
    }

    /// Ten bytes on the stack: the gzip header, or the end of the member.
    private typealias Bytes10 = (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    private func writeToInner(_ bytes: UnsafeRawBufferPointer) throws {
        do {
            try inner.write(bytes)
        } catch {
            failure = error
            throw error
        }
        outputBytes += bytes.count
    }

    private func storageError(_ error: CodecError) -> StorageError {
        StorageError(
            .other,
            "Compressing a block with \(engine.name) failed ('\(error.detail)'); the machine may be out of memory.",
            internalMessage: error.description)
    }
}

/// The slots of one upload's blocks, shared by the upload and the pool's threads.
///
/// `states`, `cancelled` and `inFlight` are guarded by `lock`. A slot's other fields belong to the pool's thread from
/// `.queued` to `.compressed` and to the upload otherwise; while in flight its input is only read, by both.
final class CompressionBlocks: @unchecked Sendable {  // guarded by `lock`, or handed off with the slot's state
    enum State { case free, queued, compressed }

    /// One block's buffers.
    final class Slot {
        /// The dictionary (ISA-L: up to 32 KiB of the input before the block), then the block.
        let input = CodecBuffer()
        var dictionaryCount = 0
        let output = CodecBuffer()
        /// ISA-L: the CRC-32 of the block.
        var crc: UInt32 = 0
        var error: CodecError?
    }

    let engine: CompressionEngine
    let slots: [Slot]
    let lock = ConditionLock()
    var states: [State]
    /// Set by ``CompressingUpload/abort()``: blocks not yet started are dropped.
    var cancelled = false
    /// Blocks queued or being compressed.
    var inFlight = 0

    init(engine: CompressionEngine, slotCount: Int) {
        self.engine = engine
        self.slots = (0..<slotCount).map { _ in Slot() }
        self.states = Array(repeating: .free, count: slotCount)
    }

    /// A pool thread's job: compresses one slot's block, unless the upload was aborted.
    func compress(slot index: Int, with contexts: CompressionContexts) {
        let skip = lock.withLock { cancelled }
        if !skip {
            let slot = slots[index]
            let input = slot.input.bytes
            let dictionary = UnsafeRawBufferPointer(rebasing: input[..<slot.dictionaryCount])
            let block = UnsafeRawBufferPointer(rebasing: input[slot.dictionaryCount...])
            slot.output.removeAll()
            do {
                try contexts.compress(block, dictionary: dictionary, engine: engine, appendingTo: slot.output)
                slot.crc = engine.usesDictionary ? CRC32.checksum(block) : 0
                slot.error = nil
            } catch {
                slot.error = error
            }
        }
        lock.withLock {
            states[index] = .compressed
            inFlight -= 1
            lock.broadcast()
        }
    }
}
