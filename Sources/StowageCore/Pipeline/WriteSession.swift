import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `write` run: reads messages, writes each stream's rows into files, and echoes each STATE message once
/// the records before it are in complete, visible objects.
///
/// Reading and validating run on a ``ParseStage`` thread, encoding and the STATE ledger on the calling thread,
/// object-store I/O on an ``IOWorker`` thread. A file is
/// finished when it reaches `max_file_size_mb`, when held states have waited `commit_interval_seconds`, and at
/// the end of input. Memory: the input line buffer (one chunk, or the longest line), a few parsed batches
/// (``ThreadedBatches``), the streams' buffers
/// (`chunkSize` each, shared out by `bufferBudget` when many files are open, at least 64 KiB each), and the
/// worker's bounded queue.
package final class WriteSession {
    package struct Options: Sendable {
        /// Bytes a stream's buffer collects before they are handed to the I/O thread.
        package var chunkSize = 256 << 10
        /// What all streams' buffers may hold together: with many open files each hands off smaller chunks
        /// (never below 64 KiB).
        package var bufferBudget = 16 << 20
        /// Lines between two looks at the I/O thread's results and the clock, at most (one batch).
        package var linesBetweenChecks = 4096
        /// Whether reading and validating run on a thread of their own (the CLI), or inline with writing, so
        /// that a test's clock moves in step with the input.
        package var parsesOnItsOwnThread = true
        /// The signal that asked the sync to stop, or 0; looked at with the results. The CLI passes the
        /// SIGTERM/SIGINT flag.
        package var stopSignal: @Sendable () -> Int32 = { 0 }

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
    }

    private struct Stream {
        let descriptor: Catalog.Stream
        var encoder: CSVRowEncoder
        var buffer: OutputBuffer?
        /// The number of the open file, or of the last one; 0 before the first.
        var file = 0
        var fileOpen = false
        var fileBytes = 0
        /// The source reported the stream INCOMPLETE: its earlier files are kept even in overwrite mode.
        var incomplete = false
    }

    private let configuration: Configuration
    private let output: any MessageOutput
    private let clock: any SyncClock
    private let logger: Logger
    private let options: Options
    private var uuid: UUIDGenerator
    private var streams: [Stream]
    /// Each stream's name and namespace bytes, in raw memory so matching a record costs no reference counting.
    private let names: [StreamName]
    private var streamByKey: [String: Int] = [:]
    private var lastStream = -1
    private var ledger: StateLedger
    private let worker: IOWorker
    private var recordsSinceState = 0
    private var openFiles = 0
    /// The size at which a stream's buffer is handed off: ``Options/chunkSize`` shared out by ``Options/bufferBudget``.
    private var handOffSize = 0
    private var sourceFailed = false
    package private(set) var totals = Totals()

    package init(
        configuration: Configuration,
        catalog: Catalog,
        store: any ObjectStore,
        output: any MessageOutput,
        clock: any SyncClock = SystemClock(),
        uuid: UUIDGenerator = UUIDGenerator(),
        logger: Logger,
        options: Options = Options()
    ) throws(ConfigError) {
        self.configuration = configuration
        self.output = output
        self.clock = clock
        self.logger = logger
        self.options = options
        var uuid = uuid
        let syncUUID = uuid.string()
        self.uuid = uuid
        let layout = try ObjectLayout(
            bucketPath: configuration.bucketPath,
            pathFormat: configuration.pathFormat,
            syncStartMilliseconds: clock.wallMilliseconds(),
            syncUUID: syncUUID,
            fileExtension: ".csv"
        )
        var layouts: [StreamLayout] = []
        var owners: [String: String] = [:]
        streams = []
        names = catalog.streams.map { StreamName(name: $0.name, namespace: $0.namespace) }
        for (index, stream) in catalog.streams.enumerated() {
            let names = layout.stream(namespace: stream.namespace, name: stream.name)
            if let other = owners[names.filePrefix] {
                throw ConfigError(
                    "Streams '\(other)' and '\(stream.displayName)' would write to the same objects '\(names.filePrefix)…'; rename one or put ${NAMESPACE} and ${STREAM_NAME} in 's3_path_format'."
                )
            }
            owners[names.filePrefix] = stream.displayName
            layouts.append(names)
            streams.append(
                Stream(descriptor: stream, encoder: CSVRowEncoder(columns: stream.columns, flattening: configuration.flattening))
            )
            streamByKey[Self.key(stream.namespace, stream.name)] = index
        }
        ledger = StateLedger(streamCount: streams.count)
        worker = IOWorker(store: store, layouts: layouts)
    }

    deinit {
        for name in names { name.deallocate() }
    }

    private static func key(_ namespace: String?, _ name: String) -> String {
        (namespace.map { "n" + $0 } ?? "-") + "\u{0}" + name
    }

    /// Reads `input` to its end and writes everything; throws the first error after aborting open uploads.
    package func run<Input: MessageInput>(_ input: Input) throws {
        let stage = ParseStage(
            input: input, maximumLineLength: configuration.maxRecordSize,
            listsDataMembers: configuration.flattening == .rootLevel, maximumLines: options.linesBetweenChecks
        )
        let batches: any BatchSource
        if options.parsesOnItsOwnThread {
            let threaded = ThreadedBatches(stage: stage)
            threaded.start()
            batches = threaded
        } else {
            batches = InlineBatches(stage: stage)
        }
        defer { batches.stop() }
        let started = clock.monotonicSeconds()
        worker.start()
        defer { worker.stop() }
        for (index, stream) in streams.enumerated() where stream.descriptor.syncMode == .overwrite {
            try worker.submit(.snapshot(stream: index))
        }
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
                for entry in batch.entries { try handle(entry, in: batch) }
                totals.inputBytes = batch.bytesRead
                if let failure = batch.failure { throw failure }
                let end = batch.endOfInput
                batches.recycle(batch)
                if end { break reading }
            }
            try stopIfAsked()
            try apply(worker.takeResults())
            if ledger.hasHeldStates, clock.monotonicSeconds() - lastCommit >= configuration.commitIntervalSeconds {
                try finishAllFiles()
                lastCommit = clock.monotonicSeconds()
            }
        }
        try stopIfAsked()
        try finishAllFiles()
        try apply(worker.waitUntilIdle())
        try deleteEarlierFiles()
        let seconds = clock.monotonicSeconds() - started
        logger.info(
            "Sync finished.",
            metadata: [
                "records": "\(totals.records)", "states": "\(totals.states)", "files": "\(totals.files)",
                "input_mb": "\(Self.megabytes(totals.inputBytes))", "output_mb": "\(Self.megabytes(totals.outputBytes))",
                "seconds": "\(Self.rounded(seconds))",
                "input_mb_per_s": "\(Self.rounded(Double(totals.inputBytes) / 1_048_576 / max(seconds, 1e-9)))",
                "deleted_earlier_files": "\(totals.deletedFiles)",
            ]
        )
    }

    /// A stop request wins even over the end of input: nothing more is committed.
    private func stopIfAsked() throws(StopRequest) {
        let signal = options.stopSignal()
        if signal != 0 { throw StopRequest(signal: signal) }
    }

    private func handle(_ entry: ParsedBatch.Entry, in batch: ParsedBatch) throws {
        let number = entry.number
        let line = batch.line(entry)
        let message: Message
        switch entry.message {
        case .success(let parsed): message = parsed
        case .failure(let error):
            throw InputError(
                .malformedJSON,
                "Line \(number) is not a valid JSON message: \(error.reason) at byte \(error.offset + 1); the source must write one JSON object per line.",
                line: number
            )
        }
        switch message.kind {
        case .record: try write(message, line, number, batch.members(of: message))
        case .state: try hold(message, line, number)
        case .trace: noteTrace(message, line)
        case .other:
            guard let type = message.type, type.kind == .string else {
                throw InputError(
                    .invalidMessage,
                    "Line \(number) has no string 'type'; each line must be an Airbyte message such as {\"type\":\"RECORD\",\"record\":{…}}.",
                    line: number
                )
            }
        }
    }

    private func write(
        _ message: Message, _ line: UnsafeBufferPointer<UInt8>, _ number: Int, _ members: UnsafeBufferPointer<MemberList.Member>
    ) throws {
        guard let streamSpan = message.stream, streamSpan.kind == .string else {
            throw InputError(.invalidMessage, "Line \(number) is a RECORD without a 'record.stream' name; the source must name the stream of each record.", line: number)
        }
        let index = try resolve(streamSpan, message.namespace, line, number)
        guard let data = message.data, data.kind == .object else {
            let found = message.data.map { $0.kind.description } ?? "missing"
            throw inputError(.invalidMessage, "Line \(number): 'record.data' for stream '\(streams[index].descriptor.displayName)' is \(found), not an object; the source must emit each record's data as a JSON object.", number, index)
        }
        guard let emittedAt = message.emittedAt, emittedAt.kind == .number else {
            throw inputError(.invalidMessage, "Line \(number): the RECORD for stream '\(streams[index].descriptor.displayName)' has no numeric 'emitted_at'; the source must stamp each record with epoch milliseconds.", number, index)
        }
        if !streams[index].fileOpen { try openFile(index) }
        let buffer = streams[index].buffer!
        let before = buffer.count
        let record = RecordView(line: line, emittedAt: emittedAt, data: data, members: members)
        streams[index].encoder.encode(record, uuid: &uuid, into: buffer)
        let added = buffer.count - before
        streams[index].fileBytes += added
        totals.outputBytes += added
        totals.records += 1
        recordsSinceState += 1
        ledger.recordWritten(stream: index, file: streams[index].file)
        if buffer.count >= handOffSize {
            try worker.submit(.write(stream: index, buffer: buffer))
            streams[index].buffer = worker.emptyBuffer(capacity: bufferCapacity)
        }
        if streams[index].fileBytes >= configuration.maxFileSize { try finishFile(index) }
    }

    private func inputError(_ code: InputError.Code, _ text: String, _ number: Int, _ index: Int) -> InputError {
        InputError(code, text, line: number, stream: streams[index].descriptor.name, namespace: streams[index].descriptor.namespace)
    }

    /// The catalog stream a record names; the last one matched is tried first, then (for small catalogs) every
    /// name by its bytes, then the dictionary by decoded text.
    private func resolve(_ name: JSONSpan, _ namespace: JSONSpan?, _ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws -> Int {
        let namespace = namespace?.kind == .null ? nil : namespace
        if lastStream >= 0, names[lastStream].matches(name, namespace, line) { return lastStream }
        // Interleaved streams: comparing bytes beats building strings for the dictionary, for a catalog this small.
        if names.count <= 64, let index = names.firstIndex(where: { $0.matches(name, namespace, line) }) {
            lastStream = index
            return index
        }
        let nameText = JSONString.text(of: name, in: line)
        var namespaceText: String?
        if let namespace {
            guard namespace.kind == .string else {
                throw InputError(.invalidMessage, "Line \(number): 'record.namespace' must be a string or null; fix the source's output.", line: number, stream: nameText)
            }
            namespaceText = JSONString.text(of: namespace, in: line)
        }
        guard let index = streamByKey[Self.key(namespaceText, nameText)] else {
            let shown = namespaceText.map { "\($0).\(nameText)" } ?? nameText
            throw InputError(
                .unknownStream,
                "Line \(number) is a RECORD for stream '\(shown)', which is not in the configured catalog; add the stream to the catalog or fix the source.",
                line: number, stream: nameText, namespace: namespaceText
            )
        }
        lastStream = index
        return index
    }

    private func openFile(_ index: Int) throws {
        streams[index].file += 1
        streams[index].fileOpen = true
        openFiles += 1
        updateHandOffSize()
        if streams[index].buffer == nil {
            streams[index].buffer = worker.emptyBuffer(capacity: bufferCapacity)
        }
        let header = streams[index].encoder.header
        streams[index].buffer!.append(header)
        streams[index].fileBytes = header.count
        totals.outputBytes += header.count
        try worker.submit(.open(stream: index, file: streams[index].file))
    }

    private func finishFile(_ index: Int) throws {
        guard streams[index].fileOpen else { return }
        if let buffer = streams[index].buffer, buffer.count > 0 {
            try worker.submit(.write(stream: index, buffer: buffer))
            streams[index].buffer = nil
        }
        try worker.submit(.finish(stream: index, file: streams[index].file))
        streams[index].fileOpen = false
        openFiles -= 1
        updateHandOffSize()
    }

    /// A stream buffer's size: a chunk plus room for the record that crosses the hand-off size.
    private var bufferCapacity: Int { options.chunkSize + options.chunkSize / 4 }

    private func updateHandOffSize() {
        handOffSize = min(options.chunkSize, max(64 << 10, options.bufferBudget / max(openFiles, 1)))
    }

    private func finishAllFiles() throws {
        for index in streams.indices { try finishFile(index) }
    }

    private func hold(_ message: Message, _ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws {
        guard let state = message.state, state.kind == .object else {
            throw InputError(.invalidMessage, "Line \(number) is a STATE message without a 'state' object; fix the source's output.", line: number)
        }
        let echo = try StateEcho.render(line: line, state: state, recordCount: recordsSinceState)
        recordsSinceState = 0
        totals.states += 1
        for ready in ledger.stateReceived(echo: echo) { output.emit(ready) }
    }

    /// Notes a source's TRACE: an ERROR fails the sync for overwrite purposes; a stream status of
    /// INCOMPLETE keeps that stream's earlier files.
    private func noteTrace(_ message: Message, _ line: UnsafeBufferPointer<UInt8>) {
        guard let span = message.trace, span.kind == .object,
            let trace = try? JSONValue.parse(Array(line[span.start..<span.end]))
        else { return }
        switch trace["type"]?.stringValue {
        case "ERROR":
            sourceFailed = true
            logger.warning("The source reported an error; overwrite streams keep their earlier files.")
        case "STREAM_STATUS":
            guard let status = trace["stream_status"], status["status"]?.stringValue == "INCOMPLETE",
                let descriptor = status["stream_descriptor"], let name = descriptor["name"]?.stringValue,
                let index = streamByKey[Self.key(descriptor["namespace"]?.stringValue, name)]
            else { return }
            streams[index].incomplete = true
        default: break
        }
    }

    private func apply(_ results: [IOWorker.Result]) {
        for result in results {
            switch result {
            case .committed(let stream, let file, let key, let bytes):
                totals.files += 1
                logger.debug("File complete.", metadata: ["key": "\(key)", "bytes": "\(bytes)"])
                for ready in ledger.fileCommitted(stream: stream, file: file) { output.emit(ready) }
            case .deleted(let stream, let count):
                totals.deletedFiles += count
                if count > 0 {
                    logger.info("Deleted earlier files.", metadata: ["stream": "\(streams[stream].descriptor.displayName)", "count": "\(count)"])
                }
            }
        }
    }

    /// Overwrite: once everything is written, the files of earlier syncs go, unless the source failed.
    private func deleteEarlierFiles() throws {
        var any = false
        for (index, stream) in streams.enumerated() where stream.descriptor.syncMode == .overwrite {
            if sourceFailed || stream.incomplete {
                logger.warning("Keeping earlier files: the source did not finish the stream.", metadata: ["stream": "\(stream.descriptor.displayName)"])
                continue
            }
            try worker.submit(.deleteSnapshot(stream: index))
            any = true
        }
        if any { try apply(worker.waitUntilIdle()) }
    }

    private static func megabytes(_ bytes: Int) -> Double { rounded(Double(bytes) / 1_048_576) }
    private static func rounded(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}

/// A stream's name and namespace as raw UTF-8, to match records against without reference counting.
private struct StreamName {
    let name: UnsafeMutableBufferPointer<UInt8>
    let namespace: UnsafeMutableBufferPointer<UInt8>?

    init(name: String, namespace: String?) {
        self.name = Self.copy(name)
        self.namespace = namespace.map(Self.copy)
    }

    private static func copy(_ text: String) -> UnsafeMutableBufferPointer<UInt8> {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<bytes.count])
    }

    func deallocate() {
        UnsafeMutableRawPointer(name.baseAddress)?.deallocate()
        namespace.map { UnsafeMutableRawPointer($0.baseAddress)?.deallocate() }
    }

    /// Whether a record's unescaped `stream` and `namespace` spans name this stream.
    @inline(__always)
    func matches(_ nameSpan: JSONSpan, _ namespaceSpan: JSONSpan?, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !nameSpan.flags.contains(.escape), Self.equal(nameSpan, name, line) else { return false }
        switch (namespaceSpan, namespace) {
        case (nil, nil): return true
        case (let span?, let bytes?): return span.kind == .string && !span.flags.contains(.escape) && Self.equal(span, bytes, line)
        default: return false
        }
    }

    @inline(__always)
    private static func equal(_ span: JSONSpan, _ bytes: UnsafeMutableBufferPointer<UInt8>, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = span.end - span.start - 2
        return n == bytes.count && (n == 0 || memcmp(bytes.baseAddress!, line.baseAddress! + span.start + 1, n) == 0)
    }
}

/// The sync was asked to stop (SIGTERM or SIGINT): open files are abandoned, echoed states stay true.
package struct StopRequest: Error, UserFacingError {
    package var signal: Int32
    package var message: String {
        "Stowage was asked to stop (signal \(signal)) before the input ended; open files were abandoned and every state already echoed stays true."
    }
    package var failureType: FailureType { .transientError }
    package var internalMessage: String? { nil }
}
