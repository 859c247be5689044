import AWSCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Flushes files to disk on a thread of its own while they are still being written, so that the `fsync` that
/// completes a file has little left to wait for.
///
/// Starting writeback (`sync_file_range`) is not enough on a virtual disk: the guest's writes reach the host at
/// once, and the host writes them out only when asked to flush, so the final `fsync` of a 200 MB file waited
/// 0.22–0.29 s however much writeback had been started. Flushed every 16 MiB here, while the pipeline goes on,
/// that wait all but goes (specs/benchmark.md, "Flushing while writing").
///
/// A failed flush is kept for its file and reported by ``settle(_:)``: Linux reports a writeback error to one
/// `fsync` only, so the file's own final `fsync` could otherwise succeed over lost data.
/// Memory: one entry per file with a flush queued; the thread starts at the first request.
final class DiskFlusher: @unchecked Sendable {
    // @unchecked: every field is guarded by `lock`.
    /// The one flusher of the process's local directory stores.
    static let shared = DiskFlusher()

    private let flush: @Sendable (Int32) -> Int32
    private let lock = ConditionLock()
    private var queued: [Int32] = []
    private var flushing: Int32 = -1
    private var failures: [Int32: Int32] = [:]
    private var started = false

    /// `flush` flushes one file descriptor and returns 0 or an errno; tests pass their own.
    init(flush: @escaping @Sendable (Int32) -> Int32 = { fdatasync($0) == 0 ? 0 : errno }) {
        self.flush = flush
    }

    /// Queues a flush of `fd`, unless one is queued already; returns at once.
    func request(_ fd: Int32) {
        lock.withLock {
            guard !queued.contains(fd) else { return }
            queued.append(fd)
            if !started {
                started = true
                pthread_detach(PipelineThread.start("disk flush") { self.run() })
            }
            lock.broadcast()
        }
    }

    /// Waits until no flush of `fd` is queued or running, and returns the errno of one that failed, if any.
    /// Call it before closing `fd`, which the flusher must not touch afterwards.
    func settle(_ fd: Int32) -> Int32? {
        lock.withLock {
            queued.removeAll { $0 == fd }
            while flushing == fd { lock.wait() }
            return failures.removeValue(forKey: fd)
        }
    }

    private func run() {
        lock.lock()
        while true {
            while queued.isEmpty { lock.wait() }
            let fd = queued.removeFirst()
            flushing = fd
            lock.unlock()
            let status = flush(fd)
            lock.lock()
            if status != 0 && failures[fd] == nil { failures[fd] = status }
            flushing = -1
            lock.broadcast()
        }
    }
}
