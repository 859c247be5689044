import AWSCore
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `sync`'s ``MessageOutput``: every STATE the pipeline echoes (so its records are durable) is merged into the
/// ``StateDocument`` and saved to the ``StateStore``.
///
/// Saves run on a thread of their own that always writes the newest document, so a burst of echoes costs one
/// or two saves and the pipeline never waits for the disk or S3; the saved state is therefore always one the
/// pipeline echoed, at most a save behind the newest. Memory: the document and at most one pending copy of its
/// bytes.
package final class StateKeeper: MessageOutput, @unchecked Sendable {  // `pending`…`failure` are guarded by `mutex`
    private let store: any StateStore
    private let logger: Logger
    private var document: StateDocument
    private let mutex = ConditionLock()
    private var pending: [UInt8]?
    private var saving = false
    private var finishing = false
    private var running = false
    private var failure: (any Error)?
    /// States committed, in all and by stream (a GLOBAL state counts for each stream it names).
    package private(set) var committed = 0
    package private(set) var committedByStream: [StreamDescriptor: Int] = [:]
    /// Saves that reached the store.
    package private(set) var saves = 0

    package init(store: any StateStore, document: StateDocument, logger: Logger) {
        self.store = store
        self.document = document
        self.logger = logger
    }

    /// The document as merged so far.
    package var state: StateDocument { document }

    /// Starts the saving thread; call once, before the first ``emit(_:)``.
    package func start() {
        mutex.withLock { running = true }
        pthread_detach(PipelineThread.start("state saver") { [self] in saveLoop() })
    }

    package func emit(_ line: [UInt8]) throws {
        if let failure = mutex.withLock({ failure }) { throw failure }
        guard let message = try? JSONValue.parse(line), let state = message["state"],
            let applied = document.apply(state)
        else {
            logger.warning("An echoed STATE is not a state Stowage can keep; it was not saved.")
            return
        }
        committed += 1
        switch applied {
        case .stream(let descriptor): committedByStream[descriptor, default: 0] += 1
        case .global(let descriptors): for descriptor in descriptors { committedByStream[descriptor, default: 0] += 1 }
        case .legacy: break
        }
        let bytes = document.serialized
        mutex.withLock {
            pending = bytes
            mutex.broadcast()
        }
    }

    /// Waits until the newest document is saved and stops the thread; throws the first failure to save.
    package func finish() throws {
        let failure = mutex.withLock { () -> (any Error)? in
            finishing = true
            mutex.broadcast()
            while running { mutex.wait() }
            return self.failure
        }
        if let failure { throw failure }
    }

    private func saveLoop() {
        while true {
            let next = mutex.withLock { () -> [UInt8]? in
                while pending == nil && !finishing { mutex.wait() }
                defer { pending = nil }
                return failure == nil ? pending : nil
            }
            guard let next else { break }
            do {
                try store.save(next)
                mutex.withLock { saves += 1 }
            } catch {
                mutex.withLock { failure = error }
                break
            }
        }
        mutex.withLock {
            running = false
            mutex.broadcast()
        }
    }
}
