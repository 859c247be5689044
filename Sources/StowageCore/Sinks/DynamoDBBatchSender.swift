import AWSCore
import DynamoDB

/// Sends BatchWriteItem requests on a ``WorkerPool`` in lanes: a lane's batches go one after another in the
/// order they were queued, and different lanes go at once, one thread each.
///
/// The sink puts every item of one key in the same lane, so two batches holding one key are never in flight
/// together and a key's writes land in input order. Memory: at most `maxOutstanding` batch bodies (each at
/// most 16 MiB) queued or in flight; ``submit(_:lane:)`` blocks the caller until one ends.
final class DynamoDBBatchSender: @unchecked Sendable {  // every mutable field is guarded by `lock`
    /// One BatchWriteItem body and what it is for.
    struct Batch: Sendable {
        /// The commit unit of a batch of puts; 0 for a batch of deletes.
        var unit: Int
        var table: String
        var body: [UInt8]
        var requests: Int
    }

    private let client: DynamoDBClient
    private let pool: WorkerPool
    private let maxOutstanding: Int
    private let stopSignal: @Sendable () -> Int32
    private let lock = ConditionLock()
    private var queues: [[Batch]]
    private var running: [Bool]
    private var outstanding = 0
    private var committed: [(unit: Int, bytes: Int)] = []
    private var deleted = 0
    private var failure: (any Error)?
    private var abandoned = false

    init(client: DynamoDBClient, lanes: Int, maxOutstanding: Int, stopSignal: @escaping @Sendable () -> Int32) {
        self.client = client
        self.pool = WorkerPool(threadCount: lanes)
        self.maxOutstanding = max(1, maxOutstanding)
        self.stopSignal = stopSignal
        queues = [[Batch]](repeating: [], count: max(1, lanes))
        running = [Bool](repeating: false, count: max(1, lanes))
    }

    var laneCount: Int { queues.count }

    /// Queues `batch` on `lane`, first waiting while `maxOutstanding` batches are queued or in flight; throws
    /// the first failure of any batch, or a ``StopRequest``.
    func submit(_ batch: Batch, lane: Int) throws {
        let start: Bool = try lock.withLock { () throws -> Bool in
            while outstanding >= maxOutstanding, failure == nil {
                try waitABit()
            }
            if let failure { throw failure }
            queues[lane].append(batch)
            outstanding += 1
            guard !running[lane] else { return false }
            running[lane] = true
            return true
        }
        if start { pool.submit { self.drain(lane) } }
    }

    /// The units committed since the last call; throws the first failure.
    func takeCommitted() throws -> [(unit: Int, bytes: Int)] {
        try lock.withLock { () throws -> [(unit: Int, bytes: Int)] in
            if let failure { throw failure }
            defer { committed.removeAll(keepingCapacity: true) }
            return committed
        }
    }

    /// Waits until nothing is queued or in flight, then returns the units committed since the last call.
    func waitUntilIdle() throws -> [(unit: Int, bytes: Int)] {
        try lock.withLock { () throws -> [(unit: Int, bytes: Int)] in
            while outstanding > 0, failure == nil { try waitABit() }
            if let failure { throw failure }
            defer { committed.removeAll(keepingCapacity: true) }
            return committed
        }
    }

    /// Items deleted by delete batches so far.
    var deletedItems: Int { lock.withLock { deleted } }

    /// Drops every batch not yet sent; the ones in flight end on their own.
    func abandon() {
        lock.withLock {
            abandoned = true
            lock.broadcast()
        }
    }

    /// Waits up to 200 ms for a batch to end; call with the lock held.
    private func waitABit() throws {
        let signal = stopSignal()
        if signal != 0 { throw StopRequest(signal: signal) }
        lock.wait(milliseconds: 200)
    }

    private func drain(_ lane: Int) {
        while let batch = next(lane) {
            do {
                try client.batchWriteItem(table: batch.table, body: batch.body, requestCount: batch.requests)
                lock.withLock {
                    if batch.unit == 0 {
                        deleted += batch.requests
                    } else {
                        committed.append((batch.unit, batch.body.count))
                    }
                    outstanding -= 1
                    lock.broadcast()
                }
            } catch {
                lock.withLock {
                    if failure == nil { failure = StorageError(error) }
                    outstanding -= 1
                    lock.broadcast()
                }
            }
        }
    }

    /// The lane's next batch, or nil (and the lane stops) when it is empty, abandoned or failed.
    private func next(_ lane: Int) -> Batch? {
        lock.withLock {
            if abandoned || failure != nil {
                outstanding -= queues[lane].count
                queues[lane].removeAll()
            }
            guard !queues[lane].isEmpty else {
                running[lane] = false
                lock.broadcast()
                return nil
            }
            return queues[lane].removeFirst()
        }
    }
}

extension StorageError {
    /// A DynamoDB failure as the pipeline reports it: configuration mistakes are `config_error`, throttling
    /// and the network `transient_error`.
    init(_ error: DynamoDBError) {
        let code: Code
        switch error.category {
        case .configuration: code = .configuration
        case .retryable: code = .transient
        case .other: code = .other
        }
        self.init(code, error.message, internalMessage: error.internalMessage)
    }
}
