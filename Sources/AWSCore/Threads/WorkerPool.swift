#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed number of plain threads that run blocking jobs (part uploads, item batches), first in, first out.
///
/// Threads start on the first job and stop once the pool is released and the queue is drained. Requests
/// block in libcurl, so they run here rather than on Swift concurrency's cooperative pool. Each thread does
/// one request at a time, so it keeps reusing one curl handle and connection.
package final class WorkerPool: Sendable {
    private let queue: JobQueue
    package let threadCount: Int

    package init(threadCount: Int) {
        self.threadCount = max(1, threadCount)
        self.queue = JobQueue()
    }

    deinit {
        queue.shutdown()
    }

    /// Queues `job`; it runs on one of the pool's threads.
    package func submit(_ job: @escaping @Sendable () -> Void) {
        queue.push(job, startingThreadsUpTo: threadCount)
    }
}

private final class JobQueue: @unchecked Sendable {  // every field is guarded by `lock`
    private let lock = ConditionLock()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var threads = 0
    private var idle = 0
    private var stopping = false

    func push(_ job: @escaping @Sendable () -> Void, startingThreadsUpTo limit: Int) {
        let startThread = lock.withLock {
            jobs.append(job)
            lock.broadcast()
            if idle == 0 && threads < limit {
                threads += 1
                return true
            }
            return false
        }
        if startThread { spawn() }
    }

    func shutdown() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
    }

    private func spawn() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { argument in
                let queue = Unmanaged<JobQueue>.fromOpaque(argument!).takeRetainedValue()
                queue.run()
                return nil
            }, box)
        precondition(result == 0, "pthread_create failed: \(result)")
        pthread_detach(thread)
    }

    private func run() {
        while let job = next() {
            job()
        }
    }

    private func next() -> (@Sendable () -> Void)? {
        lock.withLock {
            while head == jobs.count {
                if stopping {
                    threads -= 1
                    return nil
                }
                idle += 1
                lock.wait()
                idle -= 1
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }
    }
}
