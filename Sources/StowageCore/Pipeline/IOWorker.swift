import AWSCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A job for an ``IOWorker``: what it queues in bytes, and the buffer it gives back once done.
protocol IOJob {
    /// The bytes this job holds while queued (its buffer's, for a write).
    var queuedBytes: Int { get }
    /// The buffer the job writes, given back for reuse once it has run.
    var buffer: OutputBuffer? { get }
}

/// What an ``IOWorker`` runs its jobs against, on the worker's thread only.
protocol IOJobRunner: AnyObject, SendableMetatype {
    associatedtype Job: IOJob
    associatedtype Result
    /// Runs one job; a thrown error stops the worker. Slow work whose order does not matter (completing a file)
    /// may go to `background`, whose result is reported when it ends.
    func perform(_ job: Job, background: Background<Result>) throws -> Result?
    /// Abandons whatever is open (uploads in flight); called on failure and at the end; never throws.
    func abandon()
}

/// The thread that talks to the store, so that parsing and encoding never wait on I/O.
///
/// The pipeline queues jobs; the worker runs them in order on its runner and reports their results. After a
/// failure it abandons everything open, drops the remaining jobs and reports the error once.
/// Memory: the queued buffers, at most `maximumQueuedBytes` plus one buffer (``submit(_:)`` blocks past that),
/// and up to 8 written buffers kept for reuse.
final class IOWorker<Runner: IOJobRunner>: @unchecked Sendable {
    // @unchecked: the queue and results are guarded by `lock`; the runner is used by the worker thread only.
    private let runner: Runner
    private let maximumQueuedBytes: Int
    private let stopSignal: @Sendable () -> Int32
    private let lock = ConditionLock()
    /// Taken jobs become nil at once, so their buffers are freed as soon as they are written.
    private var jobs: [Runner.Job?] = []
    private var jobsStart = 0
    private var queuedBytes = 0
    private var busy = false
    private var stopping = false
    private var results: [Runner.Result] = []
    /// Written buffers, emptied and kept for reuse, so steady-state writing allocates nothing.
    private var spareBuffers: [OutputBuffer] = []
    private var failure: (any Error)?
    private var thread: pthread_t?
    private var finished = false
    private let pool: WorkerPool
    private let maximumInBackground: Int
    private var inBackground = 0

    /// `stopSignal` is looked at while the caller waits, so that SIGTERM ends a wait on a slow store.
    /// At most `maximumInBackground` background jobs run at once, on as many threads.
    init(
        runner: Runner, maximumQueuedBytes: Int = 2 << 20, maximumInBackground: Int = 8,
        stopSignal: @escaping @Sendable () -> Int32 = { 0 }
    ) {
        self.runner = runner
        self.maximumQueuedBytes = maximumQueuedBytes
        self.maximumInBackground = max(1, maximumInBackground)
        self.stopSignal = stopSignal
        pool = WorkerPool(threadCount: self.maximumInBackground)
    }

    func start() {
        thread = PipelineThread.start("I/O") { self.run() }
    }

    /// Queues a job, waiting while too many bytes are queued. Throws the worker's failure, if any, or a
    /// ``StopRequest`` when a stop is asked for while it waits.
    func submit(_ job: Runner.Job) throws {
        try lock.withLock {
            let bytes = job.queuedBytes
            if bytes > 0 {
                while queuedBytes > 0, queuedBytes + bytes > maximumQueuedBytes, failure == nil { try waitABit() }
                queuedBytes += bytes
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
    func takeResults() throws -> [Runner.Result] {
        try lock.withLock {
            if let failure { throw failure }
            let taken = results
            results.removeAll()
            return taken
        }
    }

    /// Waits until every queued job and background job has run, then takes the results; a stop asked for
    /// meanwhile ends the wait with a ``StopRequest``.
    func waitUntilIdle() throws -> [Runner.Result] {
        try lock.withLock {
            while (jobsStart < jobs.count || busy || inBackground > 0) && failure == nil { try waitABit() }
        }
        return try takeResults()
    }

    /// Runs `work` on a background thread, waiting first while the maximum already runs (worker thread only).
    fileprivate func runInBackground(_ work: @escaping @Sendable () throws -> Runner.Result?) {
        lock.withLock {
            while inBackground >= maximumInBackground && failure == nil && !stopping { lock.wait() }
            inBackground += 1
        }
        pool.submit { [self] in
            let outcome = Swift.Result { try work() }
            lock.withLock {
                inBackground -= 1
                switch outcome {
                case .success(let result): if let result { results.append(result) }
                case .failure(let error): if failure == nil { failure = error }
                }
                lock.broadcast()
            }
        }
    }

    /// Waits on the lock (held) for a moment, then throws if a stop was asked for.
    private func waitABit() throws(StopRequest) {
        lock.wait(milliseconds: 100)
        let signal = stopSignal()
        if signal != 0 { throw StopRequest(signal: signal) }
    }

    /// Stops the thread: jobs not yet started are dropped and everything open abandoned. Call once, last.
    ///
    /// Waits at most `seconds` for the job in progress (a request retrying against a slow store) to end and for
    /// the abandonment to finish; past that the thread is left to the process's exit, and what it held open is
    /// reclaimed by the next sync (`specs/failure-semantics.md`).
    func stop(waitingAtMost seconds: Int = 15) {
        let done = lock.withLock {
            jobs.removeAll()
            jobsStart = 0
            stopping = true
            lock.broadcast()
            var waited = 0
            while !finished, thread != nil, waited < seconds * 10 {
                lock.wait(milliseconds: 100)
                waited += 1
            }
            return finished || thread == nil
        }
        if done, let thread { pthread_join(thread, nil) }
        if !done, let thread { pthread_detach(thread) }
        thread = nil
    }

    private func run() {
        while let job = nextJob() {
            do {
                let result = try runner.perform(job, background: Background(worker: self))
                lock.withLock {
                    queuedBytes -= job.queuedBytes
                    if let buffer = job.buffer, spareBuffers.count < 8, buffer.capacity <= maximumQueuedBytes {
                        buffer.count = 0
                        spareBuffers.append(buffer)
                    }
                    if let result { results.append(result) }
                    busy = false
                    lock.broadcast()
                }
            } catch {
                runner.abandon()
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
        runner.abandon()
        lock.withLock {
            finished = true
            lock.broadcast()
        }
    }

    private func nextJob() -> Runner.Job? {
        lock.withLock {
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
    }
}

/// Where an ``IOJobRunner`` hands slow work that may finish in any order.
struct Background<Result> {
    fileprivate let run: (@escaping @Sendable () throws -> Result?) -> Void

    fileprivate init<Runner: IOJobRunner>(worker: IOWorker<Runner>) where Runner.Result == Result {
        run = { worker.runInBackground($0) }
    }

    /// Runs `work` beside the queue; its result (or error) is reported like a job's.
    func callAsFunction(_ work: @escaping @Sendable () throws -> Result?) {
        run(work)
    }
}
