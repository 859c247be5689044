import AWSCore
import CSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The thread that talks to the object store, so that parsing and encoding never wait on I/O.
///
/// The pipeline queues jobs; the worker runs them in order and reports each completed file. After a failure
/// it aborts every open upload, drops the remaining jobs and reports the error once.
/// Memory: the queued buffers, at most `maximumQueuedBytes` plus one buffer (``submit(_:)`` blocks past that),
/// and up to 8 written buffers kept for reuse.
final class IOWorker: @unchecked Sendable {
    // @unchecked: the queue and results are guarded by `lock`; `uploads` and `layouts` are touched by the worker thread only.
    enum Job {
        case open(stream: Int, file: Int)
        case write(stream: Int, buffer: OutputBuffer)
        case finish(stream: Int, file: Int)
        /// Lists the stream's files from earlier syncs, to delete them when the sync succeeds.
        case snapshot(stream: Int)
        /// Deletes the files found by `snapshot`.
        case deleteSnapshot(stream: Int)
    }

    enum Result {
        case committed(stream: Int, file: Int, key: String, bytes: Int)
        case deleted(stream: Int, count: Int)
    }

    private let store: any ObjectStore
    private let layouts: [StreamLayout]
    private let maximumQueuedBytes: Int
    private let lock = ConditionLock()
    /// Taken jobs become nil at once, so their buffers are freed as soon as they are written.
    private var jobs: [Job?] = []
    private var jobsStart = 0
    private var queuedBytes = 0
    private var busy = false
    private var stopping = false
    private var results: [Result] = []
    /// Written buffers, emptied and kept for reuse, so steady-state writing allocates nothing.
    private var spareBuffers: [OutputBuffer] = []
    private var failure: (any Error)?
    private var thread: pthread_t?

    // Worker thread only.
    private var uploads: [Int: (upload: any ObjectUpload, key: String, bytes: Int)] = [:]
    private var nextPart: [Int: Int] = [:]
    private var snapshots: [Int: [String]] = [:]

    init(store: any ObjectStore, layouts: [StreamLayout], maximumQueuedBytes: Int = 2 << 20) {
        self.store = store
        self.layouts = layouts
        self.maximumQueuedBytes = maximumQueuedBytes
    }

    func start() {
        thread = PipelineThread.start("I/O") { self.run() }
    }

    /// Queues a job, waiting while too many bytes are queued. Throws the worker's failure, if any.
    func submit(_ job: Job) throws {
        try lock.withLock {
            if case .write(_, let buffer) = job {
                while queuedBytes > 0, queuedBytes + buffer.count > maximumQueuedBytes, failure == nil { lock.wait() }
                queuedBytes += buffer.count
            }
            if let failure { throw failure }
            jobs.append(job)
            lock.broadcast()
        }
    }

    /// An empty buffer of at least `capacity` bytes: a written one when there is one, else a new one.
    func emptyBuffer(capacity: Int) -> OutputBuffer {
        let spare = lock.withLock { spareBuffers.popLast() }
        if let spare, spare.capacity >= capacity { return spare }
        return OutputBuffer(capacity: capacity)
    }

    /// Takes the results reported since the last call. Throws the worker's failure, if any.
    func takeResults() throws -> [Result] {
        try lock.withLock {
            if let failure { throw failure }
            let taken = results
            results.removeAll()
            return taken
        }
    }

    /// Waits until every queued job has run, then takes the results.
    func waitUntilIdle() throws -> [Result] {
        lock.withLock {
            while (jobsStart < jobs.count || busy) && failure == nil { lock.wait() }
        }
        return try takeResults()
    }

    /// Stops the thread: jobs not yet started are dropped and open uploads aborted. Call once, last.
    func stop() {
        lock.withLock {
            jobs.removeAll()
            jobsStart = 0
            stopping = true
            lock.broadcast()
        }
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    private func run() {
        // Termination signals go to the pipeline's thread; this one and the upload threads it starts never take them.
        stowage_block_termination_in_this_thread()
        while true {
            let next: Job? = lock.withLock {
                while jobsStart == jobs.count && !stopping { lock.wait() }
                if jobsStart == jobs.count || failure != nil { return nil }
                let job = jobs[jobsStart]
                jobs[jobsStart] = nil
                jobsStart += 1
                if jobsStart > 1024, jobsStart * 2 > jobs.count {
                    jobs.removeFirst(jobsStart)
                    jobsStart = 0
                }
                busy = true
                return job
            }
            guard let job = next else { break }
            do {
                let result = try perform(job)
                lock.withLock {
                    if case .write(_, let buffer) = job {
                        queuedBytes -= buffer.count
                        if spareBuffers.count < 8, buffer.capacity <= maximumQueuedBytes {
                            buffer.count = 0
                            spareBuffers.append(buffer)
                        }
                    }
                    if let result { results.append(result) }
                    busy = false
                    lock.broadcast()
                }
            } catch {
                abortAll()
                lock.withLock {
                    failure = error
                    jobs.removeAll()
                    jobsStart = 0
                    queuedBytes = 0
                    busy = false
                    lock.broadcast()
                }
            }
        }
        abortAll()
    }

    private func abortAll() {
        for (_, open) in uploads { open.upload.abort() }
        uploads.removeAll()
    }

    private func perform(_ job: Job) throws -> Result? {
        switch job {
        case .open(let stream, _):
            let part = try partNumber(for: stream)
            let key = layouts[stream].key(part: part)
            uploads[stream] = (try store.makeUpload(key: key), key, 0)
            return nil
        case .write(let stream, let buffer):
            guard let open = uploads[stream] else { return nil }
            try open.upload.write(buffer.bytes)
            uploads[stream]?.bytes += buffer.count
            return nil
        case .finish(let stream, let file):
            guard let open = uploads.removeValue(forKey: stream) else { return nil }
            do {
                try open.upload.complete()
            } catch {
                open.upload.abort()
                throw error
            }
            return .committed(stream: stream, file: file, key: open.key, bytes: open.bytes)
        case .snapshot(let stream):
            let layout = layouts[stream]
            let found = try store.list(prefix: layout.listingPrefix)
            snapshots[stream] = found.map(\.key).filter(layout.isOwnFile)
            nextPart[stream] = nextPart(after: found, layout)
            return nil
        case .deleteSnapshot(let stream):
            let keys = snapshots.removeValue(forKey: stream) ?? []
            if !keys.isEmpty { try store.delete(keys: keys) }
            return .deleted(stream: stream, count: keys.count)
        }
    }

    /// The next free part number of this sync's names: parts continue after those already present.
    private func partNumber(for stream: Int) throws -> Int {
        if nextPart[stream] == nil {
            nextPart[stream] = nextPart(after: try store.list(prefix: layouts[stream].filePrefix), layouts[stream])
        }
        let part = nextPart[stream]!
        nextPart[stream] = part + 1
        return part
    }

    private func nextPart(after objects: [ObjectInfo], _ layout: StreamLayout) -> Int {
        objects.compactMap { layout.partNumber(of: $0.key) }.max().map { $0 + 1 } ?? 0
    }
}
