import AWSCore
import CSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The first stage of `write`: reads lines, validates each as an Airbyte message and groups them into batches.
///
/// Blank lines are dropped. A batch closes at `maximumBytes` of lines, `maximumLines` lines, or as soon as no
/// more input is ready, so a slow source is never kept waiting. Reading (``read(_:timeoutMilliseconds:)``) belongs
/// to one thread; validating a batch's lines (``parse(_:)``) may run on whichever thread owns the batch.
final class ParseStage<Input: MessageInput> {
    private let reader: LineReader<Input>
    private let parser: MessageParser
    private let maximumBytes: Int
    private let maximumLines: Int

    init(input: Input, maximumLineLength: Int, listsDataMembers: Bool, maximumBytes: Int = 256 << 10, maximumLines: Int)
    {
        reader = LineReader(input, maximumLineLength: maximumLineLength)
        parser = MessageParser(listsDataMembers: listsDataMembers)
        self.maximumBytes = maximumBytes
        self.maximumLines = maximumLines
    }

    /// Fills an empty `batch` and validates its lines, waiting up to `timeoutMilliseconds` (negative: forever) for
    /// its first line.
    func fill(_ batch: ParsedBatch, timeoutMilliseconds: Int) {
        read(batch, timeoutMilliseconds: timeoutMilliseconds)
        parse(batch)
    }

    /// Fills an empty `batch` with lines, not yet validated, waiting up to `timeoutMilliseconds` (negative: forever)
    /// for the first; the thread that reads is always the same one.
    func read(_ batch: ParsedBatch, timeoutMilliseconds: Int) {
        defer { batch.bytesRead = reader.bytesRead }
        let bytes = batch.bytes
        while batch.entries.count < maximumLines, bytes.count < maximumBytes {
            let next: LineReader<Input>.Next
            do {
                next = try reader.next(timeoutMilliseconds: batch.entries.isEmpty ? timeoutMilliseconds : 0)
            } catch {
                batch.failure = error
                return
            }
            switch next {
            case .line(let line, let number):
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let start = bytes.count
                bytes.append(line.baseAddress!, count: line.count)
                batch.entries.append(
                    ParsedBatch.Entry(number: number, start: start, end: start + line.count, message: Message()))
            case .idle:
                return
            case .end:
                batch.endOfInput = true
                return
            }
        }
    }

    /// Validates each line of a batch from ``read(_:timeoutMilliseconds:)`` as a message, once; it touches nothing
    /// but the batch and the stage's constant parser, so either thread may run it on a batch it holds.
    func parse(_ batch: ParsedBatch) {
        guard !batch.parsed else { return }
        batch.parsed = true
        let parser = parser
        // The batch's own, so that each thread parsing a batch has one.
        var shape = LineShape()
        batch.entries.withUnsafeMutableBufferPointer { entries in
            for index in entries.indices {
                let entry = entries.baseAddress! + index
                do throws(JSONSyntaxError) {
                    entry.pointee.message = try parser.parse(
                        batch.line(entry.pointee), appendingMembersTo: &batch.members, shape: &shape)
                } catch {
                    entry.pointee.syntaxError = batch.syntaxErrors.count
                    batch.syntaxErrors.append(error)
                }
            }
        }
    }
}

/// Where the writing stage takes its batches from: the parsing stage run inline, or on its own thread.
protocol BatchSource: AnyObject {
    /// The next batch, or nil if none came within `timeoutMilliseconds` (negative: wait for one).
    func next(timeoutMilliseconds: Int) -> ParsedBatch?
    /// Gives back a batch whose lines have all been handled.
    func recycle(_ batch: ParsedBatch)
    /// Stops the parsing stage; call once, last.
    func stop()
}

/// The parsing stage on the calling thread: deterministic, for tests whose clocks move with the input.
final class InlineBatches<Input: MessageInput>: BatchSource {
    private let stage: ParseStage<Input>
    private let batch = ParsedBatch(capacity: 256 << 10)

    init(stage: ParseStage<Input>) {
        self.stage = stage
    }

    func next(timeoutMilliseconds: Int) -> ParsedBatch? {
        batch.reset()
        stage.fill(batch, timeoutMilliseconds: timeoutMilliseconds)
        return batch.isEmpty ? nil : batch
    }

    func recycle(_ batch: ParsedBatch) {}
    func stop() {}
}

/// The parsing stage on its own thread, a few batches ahead of the writing stage, so both cores work.
///
/// The thread reads every batch. It validates a batch's lines, and runs their transform steps, while the writing
/// stage still has batches waiting; when the writing stage is waiting, it hands the batch over as read, and the
/// writing stage does the rest (``ParseStage/parse(_:)``, ``TransformRunner``). So whichever stage has time
/// takes the work, and neither waits long.
///
/// Memory: `batchCount` batches, each about 256 KiB of lines plus their parsed messages.
final class ThreadedBatches<Input: MessageInput>: BatchSource, @unchecked Sendable {
    // @unchecked: `ready`, `spare` and `stopping` are guarded by `lock`; the stage reads on the parsing thread only,
    // and a batch is validated by the one thread that holds it.
    private let stage: ParseStage<Input>
    private let lock = ConditionLock()
    private var ready: [ParsedBatch] = []
    private var spare: [ParsedBatch]
    private var stopping = false
    private let transforms: TransformRunner?

    /// With `transforms`, the parsing thread also runs the steps of the batches it validates, under the same rule.
    init(stage: ParseStage<Input>, batchCount: Int = 4, transforms: TransformRunner? = nil) {
        self.stage = stage
        self.transforms = transforms
        spare = (0..<batchCount).map { _ in ParsedBatch(capacity: 256 << 10) }
    }

    /// Starts the parsing thread. Nobody waits for it: it ends at the end of input or at ``stop()``, unless it is
    /// blocked in a read, which only the process's exit ends.
    func start() {
        pthread_detach(PipelineThread.start("parsing") { self.run() })
    }

    private func run() {
        while true {
            let batch: ParsedBatch? = lock.withLock {
                while spare.isEmpty && !stopping { lock.wait() }
                return stopping ? nil : spare.removeLast()
            }
            guard let batch else { return }
            batch.reset()
            stage.read(batch, timeoutMilliseconds: 200)
            if lock.withLock({ !ready.isEmpty }) {
                stage.parse(batch)
                if let transforms, lock.withLock({ !ready.isEmpty }) { transforms.run(batch) }
            }
            let last = batch.endOfInput || batch.failure != nil
            lock.withLock {
                if batch.isEmpty {
                    spare.append(batch)
                } else {
                    ready.append(batch)
                    lock.broadcast()
                }
            }
            if last { return }
        }
    }

    func next(timeoutMilliseconds: Int) -> ParsedBatch? {
        lock.withLock {
            if ready.isEmpty {
                if timeoutMilliseconds < 0 {
                    while ready.isEmpty { lock.wait() }
                } else {
                    lock.wait(milliseconds: timeoutMilliseconds)
                }
            }
            return ready.isEmpty ? nil : ready.removeFirst()
        }
    }

    func recycle(_ batch: ParsedBatch) {
        lock.withLock {
            spare.append(batch)
            lock.broadcast()
        }
    }

    func stop() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
    }
}
