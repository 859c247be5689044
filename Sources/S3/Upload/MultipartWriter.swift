import AWSCore
import Logging

/// Writes one object from bytes that arrive in order, uploading full parts while later bytes still arrive.
///
/// Bytes fill a part buffer of ``PartSizing/size(ofPart:)`` bytes; each full buffer becomes an UploadPart
/// job on the ``WorkerPool``, and at most ``Options/partsInFlight`` parts of this object are queued or
/// uploading at once: ``write(_:)`` blocks until one finishes. Memory per open object is at most
/// `(partsInFlight + 1) × part size` bytes of part buffers, plus about 100 bytes of bookkeeping per part
/// (its number, size and ETag). An object that fits in one part is sent by ``complete()`` as a single PutObject.
///
/// Any failure aborts the multipart upload (``abort()`` is the one place that calls AbortMultipartUpload), so
/// a failed object leaves no incomplete upload behind. Use a writer from one thread at a time.
package final class MultipartWriter {
    package struct Options: Sendable {
        package var sizing: PartSizing
        /// Parts of this object queued or uploading at once (at least 1).
        package var partsInFlight: Int
        package var contentType: String?
        /// User metadata (`x-amz-meta-<name>`) the object carries.
        package var metadata: [(String, String)] = []

        package init(sizing: PartSizing, partsInFlight: Int, contentType: String? = nil) {
            self.sizing = sizing
            self.partsInFlight = max(1, partsInFlight)
            self.contentType = contentType
        }
    }

    /// What ``complete()`` made.
    package struct Result: Sendable, Equatable {
        package var size: Int
        /// 0 for a single PutObject.
        package var partCount: Int
    }

    package let key: String
    private let client: S3Client
    private let options: Options
    private let pool: WorkerPool
    private let logger: Logger
    private let shared = SharedState()

    private var buffer: [UInt8] = []
    private var bufferCapacity = 0
    private var uploadId: String?
    private var nextPartNumber = 1
    private var bytesWritten = 0
    /// Set once the object is completed or aborted; later calls fail with it (or do nothing, for abort).
    private var finished: S3Error?

    package init(client: S3Client, key: String, options: Options, pool: WorkerPool, logger: Logger) {
        self.client = client
        self.key = key
        self.options = options
        self.pool = pool
        self.logger = logger
    }

    deinit {
        abort()
    }

    /// The most bytes of part buffers this writer held at once (their requested sizes), for tests.
    package var peakBufferBytes: Int { shared.withLock { shared.peakBufferBytes } }

    /// Appends `bytes`; blocks while a full part waits for a free upload slot. The caller keeps `bytes`.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(S3Error) {
        if let finished { throw finished }
        var offset = 0
        while offset < bytes.count {
            if bufferCapacity == 0 {
                takeBuffer(size: options.sizing.size(ofPart: nextPartNumber))
            } else if buffer.count == bufferCapacity {
                // A full buffer leaves only once more bytes arrive: an object of exactly one part stays a PUT.
                do {
                    try submitPart()
                } catch {
                    fail(error)
                    throw error
                }
                continue
            }
            let n = min(bufferCapacity - buffer.count, bytes.count - offset)
            UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]).withMemoryRebound(to: UInt8.self) {
                buffer.append(contentsOf: $0)
            }
            offset += n
            bytesWritten += n
        }
    }

    /// Makes the object visible: a PutObject if it never filled a part, else its last part and
    /// CompleteMultipartUpload with the parts in order. On failure the upload is aborted and the error thrown.
    @discardableResult
    package func complete() throws(S3Error) -> Result {
        if let finished { throw finished }
        do {
            let result: Result
            if uploadId == nil {
                try client.putObject(
                    key: key, body: buffer, contentType: options.contentType, metadata: options.metadata)
                result = Result(size: bytesWritten, partCount: 0)
            } else {
                if !buffer.isEmpty { try submitPart() }
                let parts = try waitForParts()
                try client.completeMultipartUpload(key: key, uploadId: uploadId!, parts: parts)
                result = Result(size: bytesWritten, partCount: parts.count)
            }
            releaseBuffer()
            shared.withLock {
                shared.allocatedBytes -= shared.freeBuffers.reduce(0) { $0 + $1.size }
                shared.freeBuffers.removeAll()
            }
            finished = S3Error(
                .uploadFinished, operation: "Write", bucket: client.bucket, key: key,
                endpoint: client.endpoint.displayURL, detail: "the object is already complete")
            logger.debug(
                "Object complete",
                metadata: ["key": "\(key)", "bytes": "\(result.size)", "parts": "\(result.partCount)"])
            return result
        } catch {
            fail(error)
            throw error
        }
    }

    /// Discards the object: cancels queued parts, waits for those uploading, aborts the multipart upload.
    /// Safe to call more than once and after ``complete()``; never throws.
    package func abort() {
        guard finished == nil else { return }
        fail(
            S3Error(
                .uploadFinished, operation: "Write", bucket: client.bucket, key: key,
                endpoint: client.endpoint.displayURL, detail: "the upload was aborted"))
    }

    private func fail(_ error: S3Error) {
        guard finished == nil else { return }
        finished = error
        releaseBuffer()
        shared.withLock {
            shared.cancelled = true
            while shared.inFlight > 0 { shared.wait() }
            shared.allocatedBytes -= shared.freeBuffers.reduce(0) { $0 + $1.size }
            shared.freeBuffers.removeAll()
        }
        if let uploadId {
            do {
                try client.abortMultipartUpload(key: key, uploadId: uploadId)
                logger.debug("Multipart upload aborted", metadata: ["key": "\(key)"])
            } catch {
                logger.error(
                    "Could not abort a multipart upload; a lifecycle rule can clean it up",
                    metadata: ["key": "\(key)", "upload_id": "\(uploadId)", "error": "\(error)"])
            }
        }
    }

    /// Hands the full buffer to the pool once a slot is free; starts the multipart upload first if needed.
    private func submitPart() throws(S3Error) {
        if uploadId == nil {
            uploadId = try client.createMultipartUpload(
                key: key, contentType: options.contentType, metadata: options.metadata)
        }
        let partNumber = nextPartNumber
        guard partNumber <= PartSizing.maximumPartCount else {
            throw S3Error(
                .objectTooLarge, operation: "UploadPart", bucket: client.bucket, key: key,
                endpoint: client.endpoint.displayURL)
        }
        try shared.withLock { () throws(S3Error) in
            while shared.inFlight >= options.partsInFlight && shared.firstError == nil { shared.wait() }
            if let error = shared.firstError { throw error }
            shared.inFlight += 1
        }
        // The job must hold the only reference, or emptying it for reuse would copy it.
        let job = PartJob(body: buffer)
        let size = bufferCapacity
        buffer = []
        bufferCapacity = 0
        nextPartNumber += 1
        let (client, key, uploadId, state) = (self.client, self.key, self.uploadId!, self.shared)
        pool.submit {
            var body = job.take()
            var outcome: Swift.Result<S3CompletedPart, S3Error>
            if state.withLock({ state.cancelled }) {
                outcome = .failure(
                    S3Error(
                        .uploadFinished, operation: "UploadPart", bucket: client.bucket, key: key,
                        endpoint: client.endpoint.displayURL, detail: "cancelled"))
            } else {
                do throws(S3Error) {
                    outcome = .success(
                        try client.uploadPart(
                            key: key, uploadId: uploadId, partNumber: partNumber, body: body,
                            shouldContinue: { !state.withLock { state.cancelled } }))
                } catch {
                    outcome = .failure(error)
                }
            }
            body.removeAll(keepingCapacity: true)
            state.finish(outcome, recycling: consume body, size: size)
        }
    }

    /// Waits until no part is in flight and returns the parts, or the first part's failure.
    private func waitForParts() throws(S3Error) -> [S3CompletedPart] {
        try shared.withLock { () throws(S3Error) in
            while shared.inFlight > 0 { shared.wait() }
            if let error = shared.firstError { throw error }
            return shared.parts
        }
    }

    /// Takes a recycled buffer of this size, or allocates one; at most `partsInFlight + 1` exist at a time.
    private func takeBuffer(size: Int) {
        buffer = shared.withLock {
            while let index = shared.freeBuffers.firstIndex(where: { $0.size < size }) {
                shared.allocatedBytes -= shared.freeBuffers.remove(at: index).size
            }
            if let recycled = shared.freeBuffers.popLast() {
                bufferCapacity = recycled.size
                return recycled.bytes
            }
            shared.allocatedBytes += size
            shared.peakBufferBytes = max(shared.peakBufferBytes, shared.allocatedBytes)
            bufferCapacity = size
            var fresh: [UInt8] = []
            fresh.reserveCapacity(size)
            return fresh
        }
    }

    /// Drops the buffer being filled.
    private func releaseBuffer() {
        let size = bufferCapacity
        buffer = []
        bufferCapacity = 0
        shared.withLock { shared.allocatedBytes -= size }
    }
}

/// Moves a part's bytes into its job without a second reference (a copy-on-write copy would double memory).
private final class PartJob: @unchecked Sendable {  // `take()` is called once, by the one job that owns it
    private var body: [UInt8]

    init(body: [UInt8]) {
        self.body = body
    }

    func take() -> [UInt8] {
        defer { body = [] }
        return body
    }
}

/// What a writer and its part jobs share, guarded by one lock.
private final class SharedState: @unchecked Sendable {  // every field is read and written under `lock`
    private let lock = ConditionLock()
    var inFlight = 0
    var cancelled = false
    var firstError: S3Error?
    var parts: [S3CompletedPart] = []
    /// Emptied part buffers and their part sizes, ready for the next part.
    var freeBuffers: [(bytes: [UInt8], size: Int)] = []
    /// The part sizes of every buffer alive: being filled, in flight, or free.
    var allocatedBytes = 0
    var peakBufferBytes = 0

    func withLock<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        try lock.withLock(body)
    }

    func wait() { lock.wait() }

    func finish(_ outcome: Result<S3CompletedPart, S3Error>, recycling buffer: consuming [UInt8], size: Int) {
        lock.withLock {
            inFlight -= 1
            switch outcome {
            case .success(let part): parts.append(part)
            case .failure(let error): if firstError == nil { firstError = error }
            }
            if cancelled || firstError != nil {
                allocatedBytes -= size
            } else {
                freeBuffers.append((buffer, size))
            }
            lock.broadcast()
        }
    }
}
