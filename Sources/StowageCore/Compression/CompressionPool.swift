import AWSCore
import CSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed set of plain threads that compress blocks for every open ``CompressingUpload``, first in, first out.
///
/// The threads start with the pool, block SIGTERM and SIGINT (they belong to the pipeline's thread), and each owns
/// its codec contexts (``CompressionContexts``), so no block allocates one. Every upload holds its pool; the threads
/// stop and are joined when the last reference goes. Memory: per thread, the contexts of the codecs it has used
/// (0.4 MiB for gzip 1–2, 0.6 MiB for zstd 1, up to ~18 MiB for zstd 19); the queue, one entry per block in flight.
package final class CompressionPool: Sendable {
    /// The machine this runs on has 2 cores; compression is most of the work of a compressed sync.
    package static let defaultThreadCount = 2

    package let threadCount: Int
    let queue: CompressionQueue
    private let threads: [pthread_t]

    package init(threadCount: Int = CompressionPool.defaultThreadCount) {
        precondition(threadCount >= 1, "a compression pool needs a thread")
        let queue = CompressionQueue()
        self.threadCount = threadCount
        self.queue = queue
        self.threads = (0..<threadCount).map { _ in
            PipelineThread.start("compression") {
                stowage_block_termination_in_this_thread()
                queue.run(CompressionContexts())
            }
        }
    }

    deinit {
        queue.stop()
        for thread in threads { pthread_join(thread, nil) }
    }
}

/// The pool's queue of blocks to compress: each entry names a ``CompressionBlocks`` and one of its slots.
final class CompressionQueue: @unchecked Sendable {  // every field is guarded by `lock`
    private struct Job {
        let blocks: CompressionBlocks
        let slot: Int
    }

    private let lock = ConditionLock()
    /// Entries from `head` on are waiting; the array keeps its capacity, so steady state allocates nothing.
    private var jobs: [Job] = []
    private var head = 0
    private var stopping = false

    func submit(_ blocks: CompressionBlocks, slot: Int) {
        lock.withLock {
            jobs.append(Job(blocks: blocks, slot: slot))
            lock.broadcast()
        }
    }

    /// Takes the waiting jobs of `blocks` off the queue and returns how many there were.
    func remove(_ blocks: CompressionBlocks) -> Int {
        lock.withLock {
            var kept = head
            for index in head..<jobs.count where jobs[index].blocks !== blocks {
                jobs[kept] = jobs[index]
                kept += 1
            }
            let removed = jobs.count - kept
            jobs.removeLast(removed)
            return removed
        }
    }

    func stop() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
    }

    /// A thread's loop: runs jobs until the pool stops and nothing waits.
    func run(_ contexts: CompressionContexts) {
        while let job = next() {
            job.blocks.compress(slot: job.slot, with: contexts)
        }
    }

    private func next() -> Job? {
        lock.withLock {
            while head == jobs.count {
                if stopping { return nil }
                lock.wait()
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 256, head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }
}
