import AWSCore
import Parquet

/// Compresses one Parquet file's pages on the shared page threads while its writer goes on appending, so that the
/// writing stage spends its time on values rather than codecs; pages come back in the order they went out.
///
/// When the writer needs a page that no thread has started yet, it compresses that page itself rather than wait;
/// a page a thread has started it waits for, but only ``PageTickets/patienceMilliseconds``: on a host whose cores
/// other processes keep busy a page thread may wait long for a core, so past that the writer compresses the page
/// too, and the first result wins. Memory: the writer keeps at most ``ParquetFileWriter/pagesInFlight`` pages out
/// per file, each a body and its compressed form; each thread uses one pooled codec context (``PageCodecPool``).
struct PooledPageCompression: PageCompression {
    /// The threads that compress every file's pages: two, for the two cores the pipeline is tuned for; a thread
    /// starts on the first page. They keep the normal priority: at idle priority (`SCHED_IDLE`) they were a little
    /// faster on a quiet machine, but on a busy one a page thread descheduled while holding a page's lock held the
    /// writing thread up with it (a telemetry Parquet sync beside two busy loops took 4.9–7.3 s, against 2.9–4 s).
    static let threads = WorkerPool(threadCount: 2)

    private let compressor: ParquetPageCompressor
    private let pages = PageTickets()

    init(_ compressor: ParquetPageCompressor) {
        self.compressor = compressor
    }

    var codec: CompressionCodec { compressor.codec }

    mutating func submit(_ body: consuming [UInt8], from bodyStart: Int, into output: consuming [UInt8]) {
        let (pages, compressor) = (self.pages, self.compressor)
        let ticket = pages.add(CompressedPage(body: body, bodyStart: bodyStart, compressed: output))
        Self.threads.submit { pages.compress(ticket, with: compressor) }
    }

    mutating func takeOldest() throws -> CompressedPage {
        try pages.takeOldest(compressingWith: compressor)
    }
}

/// The pages of one ``PooledPageCompression`` by ticket, in submission order: waiting, being compressed, or done.
///
/// A page can be compressed twice (a page thread, and the writer that stopped waiting for it); the first result is
/// kept and the other dropped. Both read the same body, which neither changes.
final class PageTickets: @unchecked Sendable {  // every field is guarded by `lock`
    /// How long the writer waits for a page a thread has started before compressing it itself.
    static let patienceMilliseconds = 20

    private enum Slot {
        case waiting(CompressedPage)
        /// Started by some thread; the body and where it starts, so that another can compress it too.
        case running(body: [UInt8], start: Int)
        case done(CompressedPage)
        case failed(any Error)
    }

    private let lock = ConditionLock()
    private var slots: [Int: Slot] = [:]
    private var nextTicket = 0
    private var oldest = 0

    func add(_ page: CompressedPage) -> Int {
        lock.withLock {
            slots[nextTicket] = .waiting(page)
            nextTicket += 1
            return nextTicket - 1
        }
    }

    /// Compresses page `ticket` unless another thread has started it: what a page thread does.
    func compress(_ ticket: Int, with compressor: ParquetPageCompressor) {
        guard let page = start(ticket) else { return }
        complete(ticket, page, with: compressor)
    }

    /// Compresses `page`, taken with ``start(_:)``, and keeps the result unless another thread's came first.
    func complete(_ ticket: Int, _ page: consuming CompressedPage, with compressor: ParquetPageCompressor) {
        finish(ticket, Self.run(page, compressor))
    }

    /// The oldest page not yet taken, once done: compressed here when no thread has started it, or when the thread
    /// that did has not finished within ``patienceMilliseconds``.
    func takeOldest(compressingWith compressor: ParquetPageCompressor) throws -> CompressedPage {
        let ticket = lock.withLock { oldest }
        if let page = start(ticket) {
            complete(ticket, page, with: compressor)
        } else if let (body, start) = bodyIfStillRunning(ticket, after: Self.patienceMilliseconds) {
            complete(ticket, CompressedPage(body: body, bodyStart: start, compressed: []), with: compressor)
        }
        let slot: Slot = lock.withLock {
            while true {
                switch slots[ticket] {
                case .done, .failed:
                    oldest += 1
                    return slots.removeValue(forKey: ticket)!
                case .waiting, .running, nil: lock.wait()
                }
            }
        }
        switch slot {
        case .done(let page): return page
        case .failed(let error): throw error
        case .waiting, .running: preconditionFailure("A Parquet page taken before it was compressed")
        }
    }

    /// Marks page `ticket` as running and hands it over, or nil when it has started already: what a thread does
    /// before compressing it.
    func start(_ ticket: Int) -> CompressedPage? {
        lock.withLock {
            guard case .waiting(let page) = slots[ticket] else { return nil }
            slots[ticket] = .running(body: page.body, start: page.bodyStart)
            return page
        }
    }

    /// Keeps `outcome` for page `ticket` unless another thread's came first.
    private func finish(_ ticket: Int, _ outcome: Slot) {
        lock.withLock {
            guard case .running = slots[ticket] else { return }
            slots[ticket] = outcome
            lock.broadcast()
        }
    }

    /// Page `ticket`'s body and where it starts, if it is still running `milliseconds` from now.
    private func bodyIfStillRunning(_ ticket: Int, after milliseconds: Int) -> (body: [UInt8], start: Int)? {
        let clock = SystemClock()
        let deadline = clock.monotonicSeconds() + Double(milliseconds) / 1000
        return lock.withLock {
            while case .running(let body, let start) = slots[ticket] {
                let left = Int(((deadline - clock.monotonicSeconds()) * 1000).rounded(.up))
                if left <= 0 { return (body, start) }
                lock.wait(milliseconds: left)
            }
            return nil
        }
    }

    private static func run(_ page: consuming CompressedPage, _ compressor: ParquetPageCompressor) -> Slot {
        var (page, compressor) = (page, compressor)
        do {
            try page.compress(with: &compressor)
            return .done(page)
        } catch {
            return .failed(error)
        }
    }
}
