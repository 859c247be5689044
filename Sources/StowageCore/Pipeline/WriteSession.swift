import Logging

/// One `write` run: reads messages, hands each record to a ``Sink``, and echoes each STATE message once the
/// records before it are durable.
///
/// Reading runs on a ``ParseStage`` thread (a few batches ahead); validating lines and transform steps on whichever
/// of the two threads has time (``ThreadedBatches``); checks, encoding and the STATE ledger on the calling thread;
/// and the sink's I/O in the background. Open units are committed when held states have waited
/// `commit_interval_seconds`, and at the end of input. Memory: the input line buffer
/// (one chunk, or the longest line), a few parsed batches (``ThreadedBatches``) and what the sink holds.
package final class WriteSession {
    package struct Options: Sendable {
        /// Lines between two looks at the sink's results and the clock, at most (one batch).
        package var linesBetweenChecks = 4096
        /// Whether reading and validating run on a thread of their own (the CLI), or inline with writing, so
        /// that a test's clock moves in step with the input.
        package var parsesOnItsOwnThread = true
        /// The signal that asked the sync to stop, or 0; looked at with the results. The CLI passes the
        /// SIGTERM/SIGINT flag.
        package var stopSignal: @Sendable () -> Int32 = { 0 }
        /// The file sink's buffering, when the session builds one.
        package var files = FileSink.Options()
        /// Asked once at the end of input, before overwrite deletions: whether the program that fed the input
        /// failed (`sync`'s source exited non-zero or was killed), which keeps earlier files as a source's TRACE
        /// ERROR does. May wait for that program to exit.
        package var inputFailed: @Sendable () -> Bool = { false }
        /// Whether the input's LOG messages go to the log (`sync` reads a source directly; `write` ignores them).
        package var forwardsLogs = false

        package init() {}
    }

    /// What a run did, for the closing log line and for tests.
    package struct Totals: Sendable, Equatable {
        package var records = 0
        package var states = 0
        package var inputBytes = 0
        package var outputBytes = 0
        package var files = 0
        package var deletedFiles = 0
        /// Records that a transform filter dropped, and that a transform step rejected (all streams).
        package var filtered = 0
        package var rejected = 0
    }

    /// What the input said of one stream, for the overwrite decision and the counts.
    private struct StreamProgress {
        var records = 0
        var recordsSinceState = 0
        var complete = false
        var incomplete = false
    }

    /// How many lines ahead of the one it handles the writing stage has the CPU fetch a line and its members.
    static let prefetchDistance = 8

    private let configuration: Configuration
    private let catalog: Catalog
    private let sink: any Sink
    private let output: any MessageOutput
    private let clock: any SyncClock
    private let logger: Logger
    private let options: Options
    private var uuid: UUIDGenerator
    private let resolver: StreamResolver
    private var progress: [StreamProgress]
    private var ledger = StateLedger()
    private var recordsSinceState = 0
    private var sourceFailed = false
    private var sawStreamStatus = false
    /// Each stream's transform steps, when any stream has some.
    private let transforms: TransformStage?
    package private(set) var totals = Totals()
    /// Whether the input held a TRACE ERROR (the source reported a failure).
    package var sawSourceError: Bool { sourceFailed }

    package init(
        configuration: Configuration, catalog: Catalog, sink: any Sink, output: any MessageOutput,
        clock: any SyncClock = SystemClock(), uuid: UUIDGenerator = UUIDGenerator(), logger: Logger,
        options: Options = Options()
    ) {
        self.configuration = configuration
        self.catalog = catalog
        self.sink = sink
        self.output = output
        self.clock = clock
        self.uuid = uuid
        self.logger = logger
        self.options = options
        resolver = StreamResolver(catalog: catalog)
        progress = catalog.streams.map { _ in StreamProgress() }
        transforms = TransformStage(configuration: configuration, catalog: catalog)
    }

    /// A session writing files into `store`, named and encoded as `configuration` says.
    package convenience init(
        configuration: Configuration, catalog: Catalog, store: any ObjectStore, output: any MessageOutput,
        clock: any SyncClock = SystemClock(), uuid: UUIDGenerator = UUIDGenerator(), logger: Logger,
        options: Options = Options()
    ) throws(ConfigError) {
        var uuid = uuid
        var files = options.files
        files.stopSignal = options.stopSignal
        let sink = try FileSink.make(
            configuration: configuration, catalog: catalog, store: store, clock: clock, syncUUID: uuid.string(),
            logger: logger, options: files)
        self.init(
            configuration: configuration, catalog: catalog, sink: sink, output: output, clock: clock, uuid: uuid,
            logger: logger, options: options)
    }

    /// Reads `input` to its end and writes everything; throws the first error after abandoning open units.
    package func run<Input: MessageInput>(_ input: Input) throws {
        let stage = ParseStage(
            input: input, maximumLineLength: configuration.maxRecordSize,
            listsDataMembers: configuration.listsDataMembers, maximumLines: options.linesBetweenChecks
        )
        let runner = transforms?.runner()
        let batches: any BatchSource
        if options.parsesOnItsOwnThread {
            let threaded = ThreadedBatches(stage: stage, transforms: transforms?.runner())
            threaded.start()
            batches = threaded
        } else {
            batches = InlineBatches(stage: stage)
        }
        defer { batches.stop() }
        let started = clock.monotonicSeconds()
        try sink.start()
        defer { sink.stop() }
        var lastCommit = started
        reading: while true {
            var timeout = -1
            if ledger.hasHeldStates {
                let untilCommit = (lastCommit + configuration.commitIntervalSeconds - clock.monotonicSeconds()) * 1000
                timeout = max(0, min(200, Int(untilCommit)))
            } else if options.parsesOnItsOwnThread {
                timeout = 200  // a stop request must be noticed even while the input is silent
            }
            if let batch = batches.next(timeoutMilliseconds: timeout) {
                // What the parsing thread left undone, because this stage was waiting for it, is done here.
                stage.parse(batch)
                runner?.run(batch)
                // Entries are a few hundred bytes each: handled in place, not copied out.
                try batch.entries.withUnsafeBufferPointer { entries in
                    let base = entries.baseAddress!
                    for index in entries.indices {
                        if index &+ Self.prefetchDistance < entries.count {
                            batch.prefetch(base + (index &+ Self.prefetchDistance))
                        }
                        try handle(base + index, in: batch)
                    }
                }
                totals.inputBytes = batch.bytesRead
                if let failure = batch.failure { throw failure }
                let end = batch.endOfInput
                batches.recycle(batch)
                if end { break reading }
            }
            try stopIfAsked()
            try release(sink.takeCommitted())
            if ledger.hasHeldStates, clock.monotonicSeconds() - lastCommit >= configuration.commitIntervalSeconds {
                try sink.commitAll()
                lastCommit = clock.monotonicSeconds()
            }
        }
        try stopIfAsked()
        try sink.commitAll()
        try release(sink.waitUntilIdle())
        try replaceEarlierData()
        let seconds = clock.monotonicSeconds() - started
        let sinkTotals = sink.totals
        if let transforms {
            totals.filtered = transforms.total.filtered
            totals.rejected = transforms.total.rejected
        }
        totals.outputBytes = sinkTotals.encodedBytes
        totals.files = sinkTotals.committedUnits
        logger.info(
            "Sync finished.",
            metadata: [
                "records": "\(totals.records)", "states": "\(totals.states)", "files": "\(totals.files)",
                "input_mb": "\(Self.megabytes(totals.inputBytes))",
                "output_mb": "\(Self.megabytes(totals.outputBytes))",
                "stored_mb": "\(Self.megabytes(sinkTotals.storedBytes))", "seconds": "\(Self.rounded(seconds))",
                "input_mb_per_s": "\(Self.rounded(Double(totals.inputBytes) / 1_048_576 / max(seconds, 1e-9)))",
                "deleted_earlier_files": "\(totals.deletedFiles)",
                "record_time_fallbacks": "\(sinkTotals.recordTimeFallbacks)",
            ]
        )
        transforms?.logSummary(to: logger)
    }

    /// A stop request wins even over the end of input: nothing more is committed.
    private func stopIfAsked() throws(StopRequest) {
        let signal = options.stopSignal()
        if signal != 0 { throw StopRequest(signal: signal) }
    }

    private func handle(_ entry: UnsafePointer<ParsedBatch.Entry>, in batch: ParsedBatch) throws {
        let number = entry.pointee.number
        let line = batch.line(entry.pointee)
        if entry.pointee.syntaxError >= 0 {
            let error = batch.syntaxErrors[entry.pointee.syntaxError]
            throw InputError(
                .malformedJSON,
                "Line \(number) is not a valid JSON message: \(error.reason) at byte \(error.offset + 1); the source must write one JSON object per line.",
                line: number
            )
        }
        let message = ParsedBatch.Entry.message(of: entry)
        switch message.pointee.kind {
        case .record:
            try write(
                message, line, number, batch.members(of: message.pointee), entry.pointee.transformed, batch)
        case .state: try hold(message.pointee, line, number)
        case .trace: noteTrace(message.pointee, line)
        case .other:
            guard let type = message.pointee.type, type.kind == .string else {
                throw InputError(
                    .invalidMessage,
                    "Line \(number) has no string 'type'; each line must be an Airbyte message such as {\"type\":\"RECORD\",\"record\":{…}}.",
                    line: number
                )
            }
            if options.forwardsLogs, Message.is(type, "LOG", line), let log = try? JSONValue.parse(Array(line)) {
                SourceLog.forward(log, to: logger)
            }
        }
    }

    private func write(
        _ message: UnsafePointer<Message>, _ line: UnsafeBufferPointer<UInt8>, _ number: Int,
        _ members: UnsafeBufferPointer<MemberList.Member>, _ transformed: ParsedBatch.Transformed, _ batch: ParsedBatch
    ) throws {
        guard let streamSpan = message.pointee.stream, streamSpan.kind == .string else {
            throw InputError(
                .invalidMessage,
                "Line \(number) is a RECORD without a 'record.stream' name; the source must name the stream of each record.",
                line: number)
        }
        let index = try resolver.resolve(streamSpan, message.pointee.namespace, line, number)
        guard let data = message.pointee.data, data.kind == .object else {
            let found = message.pointee.data.map { $0.kind.description } ?? "missing"
            throw inputError(
                .invalidMessage,
                "Line \(number): 'record.data' for stream '\(catalog.streams[index].displayName)' is \(found), not an object; the source must emit each record's data as a JSON object.",
                number, index)
        }
        guard let emittedAt = message.pointee.emittedAt, emittedAt.kind == .number else {
            throw inputError(
                .invalidMessage,
                "Line \(number): the RECORD for stream '\(catalog.streams[index].displayName)' has no numeric 'emitted_at'; the source must stamp each record with epoch milliseconds.",
                number, index)
        }
        let record = RecordView(line: line, emittedAt: emittedAt, data: data, members: members)
        // Filtered and rejected records count as received, for the next state's recordCount.
        totals.records += 1
        recordsSinceState += 1
        progress[index].records += 1
        progress[index].recordsSinceState += 1
        var destination = (record, index)
        if let transforms {
            guard
                let kept = try transforms.apply(
                    transformed, in: batch, record, stream: index, original: message.pointee.record ?? data,
                    number: number)
            else { return }
            destination = kept
        }
        let receipt: CommitReceipt
        do {
            receipt = try sink.write(destination.0, stream: destination.1, uuid: &uuid)
        } catch let error as RecordTimeError {
            throw inputError(.invalidMessage, Self.message(error, number), number, index)
        } catch let rejection as RecordRejection {
            throw inputError(
                .invalidMessage, rejection.message(line: number, stream: catalog.streams[index].displayName), number,
                index)
        }
        if receipt.opensUnit { ledger.unitOpened(receipt.unit) }
    }

    private func inputError(_ code: InputError.Code, _ text: String, _ number: Int, _ index: Int) -> InputError {
        InputError(
            code, text, line: number, stream: catalog.streams[index].name, namespace: catalog.streams[index].namespace)
    }

    /// Holds a state until the records before it are durable; its `recordCount` is, for a STREAM state, the
    /// records of its stream since that stream's previous state, else all records since the previous state.
    private func hold(_ message: Message, _ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws {
        guard let state = message.state, state.kind == .object else {
            throw InputError(
                .invalidMessage, "Line \(number) is a STATE message without a 'state' object; fix the source's output.",
                line: number)
        }
        let echo = try StateEcho(line: line, state: state)
        var count = recordsSinceState
        if echo.kind == .stream {
            count = 0
            if let name = echo.streamName,
                let index = try? resolver.resolve(name, echo.streamNamespace, line, number)
            {
                count = progress[index].recordsSinceState
                progress[index].recordsSinceState = 0
            }
        } else {
            for index in progress.indices { progress[index].recordsSinceState = 0 }
        }
        recordsSinceState = 0
        totals.states += 1
        for ready in ledger.stateReceived(echo: echo.render(line: line, recordCount: count)) { try output.emit(ready) }
    }

    /// Notes a source's TRACE: an ERROR fails the sync for overwrite purposes; stream statuses say which
    /// streams the source finished.
    private func noteTrace(_ message: Message, _ line: UnsafeBufferPointer<UInt8>) {
        guard let span = message.trace, span.kind == .object,
            let trace = try? JSONValue.parse(Array(line[span.start..<span.end]))
        else { return }
        switch trace["type"]?.stringValue {
        case "ERROR":
            sourceFailed = true
            logger.warning(
                "The source reported an error; overwrite streams keep their earlier files.",
                metadata: trace["error"]?["message"]?.stringValue.map { ["error": "\($0)"] } ?? [:])
        case "STREAM_STATUS":
            sawStreamStatus = true
            guard let status = trace["stream_status"], let descriptor = status["stream_descriptor"],
                let name = descriptor["name"]?.stringValue,
                let index = resolver.index(name: name, namespace: descriptor["namespace"]?.stringValue)
            else { return }
            switch status["status"]?.stringValue {
            case "COMPLETE": progress[index].complete = true
            case "INCOMPLETE": progress[index].incomplete = true
            default: break
            }
        default: break
        }
    }

    private func release(_ units: [Int]) throws {
        for unit in units {
            for ready in ledger.unitCommitted(unit) { try output.emit(ready) }
        }
    }

    /// Overwrite: once everything is written, earlier syncs' data goes for each stream the input proves
    /// complete (`specs/failure-semantics.md`): after its STREAM_STATUS COMPLETE when the source sends statuses,
    /// else (the legacy rule) when at least one of its records arrived; never after a source error, nor when
    /// ``Options/inputFailed`` says the program feeding the input failed.
    private func replaceEarlierData() throws {
        let inputFailed = options.inputFailed()
        var replaced: [Int] = []
        for (index, stream) in catalog.streams.enumerated() where stream.replacesEarlierData {
            let done = progress[index]
            let complete = sawStreamStatus ? done.complete && !done.incomplete : done.records > 0
            if sourceFailed || inputFailed || !complete {
                logger.warning(
                    "Keeping earlier files: the input does not show that the source finished the stream.",
                    metadata: ["stream": "\(stream.displayName)"])
                continue
            }
            if !sawStreamStatus {
                logger.info(
                    "Replacing earlier files by the legacy rule: the source sent no stream statuses, and records of the stream arrived.",
                    metadata: ["stream": "\(stream.displayName)"])
            }
            replaced.append(index)
        }
        if !replaced.isEmpty { totals.deletedFiles = try sink.replaceEarlierData(ofStreams: replaced) }
    }

    private static func message(_ error: RecordTimeError, _ number: Int) -> String {
        let field = error.field ?? "emitted_at"
        let fix =
            "fix the source, set 'streams.\(error.stream.name).record_time_format', or set 'invalid_record_time' to 'emitted_at'."
        guard let value = error.value else {
            return
                "Line \(number): the record of stream '\(error.stream.displayName)' has no time field '\(field)'; \(fix)"
        }
        let shown = value.count > 60 ? String(value.prefix(60)) + "…" : value
        return
            "Line \(number): the record of stream '\(error.stream.displayName)' has '\(shown)' in its time field '\(field)', which its 'record_time_format' cannot read; \(fix)"
    }

    private static func megabytes(_ bytes: Int) -> Double { rounded(Double(bytes) / 1_048_576) }
    private static func rounded(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}
