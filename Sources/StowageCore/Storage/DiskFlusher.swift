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
/// 0.22–0.29 s however much writeback had been started. Here, every time the files written through the flusher
/// have taken another ``interval`` bytes together, each that holds at least ``minimumFlush`` unflushed bytes is
/// flushed while the pipeline goes on: a single big file every 16 MiB, the 30 files of a month of daily partitions
/// when each has 1 MiB to flush (specs/benchmark.md, "Flushing while writing").
///
/// A failed flush is kept for its file and reported by ``settle(_:)``: Linux reports a writeback error to one
/// `fsync` only, so the file's own final `fsync` could otherwise succeed over lost data.
/// Memory: an entry per open file; the thread starts at the first flush.
final class DiskFlusher: @unchecked Sendable {
    // @unchecked: every field is guarded by `lock`.
    /// The one flusher of the process's local directory stores.
    static let shared = DiskFlusher()

    /// Bytes written, all files together, between two looks for files to flush.
    static let interval = 16 << 20
    /// The fewest unflushed bytes for which a file is flushed.
    static let minimumFlush = 1 << 20

    private let flush: @Sendable (Int32) -> Int32
    private let lock = ConditionLock()
    /// Unflushed bytes per open file, and how many have been written since the last look.
    private var unflushed: [Int32: Int] = [:]
    private var sinceLastLook = 0
    private var queued: [Int32] = []
    private var flushing: Int32 = -1
    private var failures: [Int32: Int32] = [:]
    private var started = false

    /// `flush` flushes one file descriptor and returns 0 or an errno; tests pass their own.
    init(flush: @escaping @Sendable (Int32) -> Int32 = { fdatasync($0) == 0 ? 0 : errno }) {
        self.flush = flush
    }

    /// Counts `count` bytes just written to `fd`, and queues the files due a flush when it is time to look.
    func wrote(_ count: Int, to fd: Int32) {
        lock.withLock {
            unflushed[fd, default: 0] += count
            sinceLastLook += count
            guard sinceLastLook >= Self.interval else { return }
            sinceLastLook = 0
            let due = unflushed.filter { $0.value >= Self.minimumFlush }.keys.sorted()
            for file in due where !queued.contains(file) {
                queued.append(file)
                unflushed[file] = 0
            }
            if !started {
                started = true
                pthread_detach(PipelineThread.start("disk flush") { self.run() })
            }
            lock.broadcast()
        }
    }

    /// Forgets `fd`, waiting until no flush of it is queued or running, and returns the errno of one that failed,
    /// if any. Call it before closing `fd`, which the flusher must not touch afterwards.
    func settle(_ fd: Int32) -> Int32? {
        lock.withLock {
            unflushed[fd] = nil
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
