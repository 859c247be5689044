import AWSCore
import CSystem
import Parquet

/// Compresses one Parquet file's pages on the shared page threads while its writer goes on appending, so that the
/// writing stage spends its time on values rather than codecs; pages come back in the order they went out.
///
/// When the writer needs a page that no thread has started yet, it compresses that page itself rather than wait;
/// a page a thread has started it waits for (that thread then has the writer's core, if it needs one).
/// Memory: the writer keeps at most ``ParquetFileWriter/pagesInFlight`` pages out per file, each a body and its
/// compressed form; each thread uses one pooled codec context (``PageCodecPool``).
struct PooledPageCompression: PageCompression {
    /// The threads that compress every file's pages: two, for the two cores the pipeline is tuned for; a thread
    /// starts on the first page. They run at idle priority, on whatever core time the parsing and writing
    /// stages leave: three busy threads on two cores would otherwise take turns with the writing thread, which
    /// paces the sync, and slow it down.
    static let threads = WorkerPool(threadCount: 2, setUp: { _ = stowage_run_this_thread_when_idle() })

    private let compressor: ParquetPageCompressor
    private let pages = PageTickets()

    init(_ compressor: ParquetPageCompressor) {
        self.compressor = compressor
    }

    var codec: CompressionCodec { compressor.codec }

    mutating func submit(_ body: consuming [UInt8], into output: consuming [UInt8]) {
        let (pages, compressor) = (self.pages, self.compressor)
        let ticket = pages.add(CompressedPage(body: body, compressed: output))
        Self.threads.submit { pages.compress(ticket, with: compressor) }
    }

    mutating func takeOldest() throws -> CompressedPage {
        try pages.takeOldest(compressingWith: compressor)
    }
}

/// The pages of one ``PooledPageCompression`` by ticket, in submission order: waiting, being compressed, or done.
private final class PageTickets: @unchecked Sendable {  // every field is guarded by `lock`
    private enum Slot {
        case waiting(CompressedPage)
        case running
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

    /// Compresses page `ticket` unless another thread has started it.
    func compress(_ ticket: Int, with compressor: ParquetPageCompressor) {
        guard let page = start(ticket) else { return }
        let outcome = Self.run(page, compressor)
        lock.withLock {
            slots[ticket] = outcome
            lock.broadcast()
        }
    }

    /// The oldest page not yet taken, once done; compressed here when no thread has started it.
    func takeOldest(compressingWith compressor: ParquetPageCompressor) throws -> CompressedPage {
        let ticket = lock.withLock { oldest }
        let outcome = start(ticket).map { Self.run($0, compressor) }
        let slot: Slot = lock.withLock {
            if let outcome { slots[ticket] = outcome }
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

    /// Marks page `ticket` as running and hands it over, or nil when it has started already.
    private func start(_ ticket: Int) -> CompressedPage? {
        lock.withLock {
            guard case .waiting(let page) = slots[ticket] else { return nil }
            slots[ticket] = .running
            return page
        }
    }

    private static func run(_ page: consuming CompressedPage, _ compressor: ParquetPageCompressor) -> Slot {
        var page = page
        do {
            try page.body.withUnsafeBytes { try compressor.compress($0, into: &page.compressed) }
            return .done(page)
        } catch {
            return .failed(error)
        }
    }
}
