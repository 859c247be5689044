import CSystem
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One `stowage sync` run, once its lock is held: starts the source with the saved state, lands its records
/// through the same pipeline as `write`, saves each state the pipeline commits, and reports.
///
/// Failure rules (`specs/sync.md`): a source that exits non-zero, is killed, reports a TRACE ERROR, prints what
/// is not a message, or goes silent past the idle timeout fails the run; what was committed stays and its state
/// is saved; no overwrite deletes anything. SIGTERM or SIGINT to Stowage reaches the source's process group.
package final class SyncRunner {
    /// What to run, as the command line gave it.
    package struct Plan: Sendable {
        package var catalogPath: String
        package var sourceConfigPath: String
        package var source: SourceCommand
        /// Seconds the source may print nothing before it is stopped; nil waits for ever.
        package var idleTimeout: Double?
        /// Seconds a stopped source has between SIGTERM and SIGKILL.
        package var stopGraceSeconds = 10.0

        package init(catalogPath: String, sourceConfigPath: String, source: SourceCommand, idleTimeout: Double?) {
            self.catalogPath = catalogPath
            self.sourceConfigPath = sourceConfigPath
            self.source = source
            self.idleTimeout = idleTimeout
        }
    }

    private let configuration: Configuration
    private let catalog: Catalog
    private let plan: Plan
    private let store: any ObjectStore
    private let stateStore: any StateStore
    private let logger: Logger
    private let clock = SystemClock()
    /// Counts for the progress line, readable from any thread while ``run()`` runs.
    package let meter: SyncMeter

    package init(
        configuration: Configuration, catalog: Catalog, plan: Plan, store: any ObjectStore,
        stateStore: any StateStore, logger: Logger
    ) throws(ConfigError) {
        self.configuration = configuration
        self.catalog = catalog
        self.plan = plan
        self.store = store
        self.stateStore = stateStore
        self.logger = logger
        meter = try SyncMeter(configuration: configuration, catalog: catalog)
    }

    /// Runs the sync to its end; never throws: every outcome is in the report.
    package func run() -> SyncReport {
        let started = clock.monotonicSeconds()
        var report = SyncReport(
            status: .failed, program: plan.source.displayName, stateLocation: stateStore.location,
            streams: catalog.streams.map(\.descriptor))
        do {
            try sync(into: &report)
        } catch {
            let userError = (error as? any UserFacingError) ?? UnexpectedSyncError(error: error)
            report.error = userError.message
            report.failureType = userError.failureType
            if report.sourceExit == nil && userError.failureType == .configError { report.status = .usageError }
        }
        report.seconds = clock.monotonicSeconds() - started
        let snapshot = meter.snapshot()
        for index in report.streams.indices {
            report.streams[index].records = snapshot.records[index]
            report.streams[index].files = snapshot.files[index]
            report.streams[index].bytes = snapshot.bytes[index]
        }
        report.otherFiles = snapshot.otherFiles
        report.otherBytes = snapshot.otherBytes
        report.inputBytes = snapshot.inputBytes
        return report
    }

    private func sync(into report: inout SyncReport) throws {
        let saved = try stateStore.load()
        let document =
            try saved.map { (bytes) throws(SyncError) in
                try StateDocument.parse(bytes, location: stateStore.location)
            } ?? StateDocument()
        for field in configuration.ignoredFields {
            logger.warning("'\(field)' is accepted but not applied yet.")
        }
        let deduplicated = catalog.deduplicatedStreams.map { "'\($0.displayName)'" }
        if !deduplicated.isEmpty {
            logger.warning(
                "Streams \(deduplicated.joined(separator: ", ")) ask for append_dedup; files cannot deduplicate, so their records are appended (readers dedupe by primary key)."
            )
        }
        let stop: @Sendable () -> Int32 = { [stateStore] in
            let signal = stowage_termination_signal()
            return signal != 0 ? signal : (stateStore.lockLost ? SIGTERM : 0)
        }
        let keeper = StateKeeper(store: stateStore, document: document, logger: logger)
        var uuid = UUIDGenerator()
        var files = FileSink.Options()
        files.stopSignal = stop
        let sink = try FileSink.make(
            configuration: configuration, catalog: catalog, store: MeteredObjectStore(store, meter: meter),
            clock: clock, syncUUID: uuid.string(), logger: logger, options: files)
        try store.checkBucket()
        if let saved { try stateStore.keepPrevious(saved) }
        let stateFile = try document.isEmpty ? nil : TemporaryStateFile(document.serialized)
        defer { stateFile?.remove() }

        stowage_catch_termination()
        let arguments = plan.source.read(
            config: plan.sourceConfigPath, catalog: plan.catalogPath, state: stateFile?.path)
        let process = try SourceProcess.start(arguments, logger: logger)
        logger.info(
            "Started the source.",
            metadata: [
                "program": "\(plan.source.displayName)", "pid": "\(process.pid)",
                "state": "\(document.isEmpty ? "none" : "\(document.messages.count) state messages")",
            ])
        keeper.start()
        var options = WriteSession.Options()
        options.stopSignal = stop
        options.forwardsLogs = true
        options.files = files
        let idleTimeout = plan.idleTimeout
        let grace = plan.stopGraceSeconds
        let sourceLogger = logger
        options.inputFailed = { [process] in
            // The source closed its standard output: it failed unless it exits 0.
            if let exit = process.wait(seconds: idleTimeout, interrupted: { stowage_termination_signal() }) {
                return !exit.succeeded
            }
            if stowage_termination_signal() == 0 { process.noteIdle() }  // silent past the timeout after closing
            return !Self.stop(process, grace: grace, logger: sourceLogger).succeeded
        }
        let session = WriteSession(
            configuration: configuration, catalog: catalog,
            sink: MeteredSink(sink, meter: meter, streamCount: catalog.streams.count), output: keeper, clock: clock,
            uuid: uuid, logger: logger, options: options)

        var failure: (any Error)?
        do {
            try session.run(
                SourceOutputInput(process: process, idleTimeout: idleTimeout, graceSeconds: grace, meter: meter))
        } catch {
            failure = error
        }
        let exit =
            failure == nil
            ? (process.poll() ?? Self.stop(process, grace: grace, logger: logger))
            : Self.stop(process, grace: grace, logger: logger)
        report.sourceExit = exit
        process.closeOutput()
        process.drainErrors(seconds: 2)
        do {
            try keeper.finish()
        } catch {
            failure = failure ?? error
        }
        report.statesCommitted = keeper.committed
        report.stateSaves = keeper.saves
        for index in report.streams.indices {
            report.streams[index].statesCommitted = keeper.committedByStream[report.streams[index].descriptor] ?? 0
        }
        if let error = verdict(failure: failure, exit: exit, process: process, sawSourceError: session.sawSourceError) {
            throw error
        }
        report.status = .succeeded
    }

    /// Stops the source (with the signal Stowage got, else SIGTERM) and says how it ended.
    private static func stop(_ process: SourceProcess, grace: Double, logger: Logger) -> SourceExit {
        let asked = stowage_termination_signal()
        let exit = process.stop(signal: asked != 0 ? asked : SIGTERM, graceSeconds: grace)
        logger.info("Stopped the source.", metadata: ["pid": "\(process.pid)", "exit": "\(exit)"])
        return exit
    }

    /// The run's failure, if any: what stopped it first (a stop request, a lost lock, a silent source), else the
    /// source's own failure (an exit it was not sent a signal for), else the pipeline's, else a TRACE ERROR.
    private func verdict(failure: (any Error)?, exit: SourceExit, process: SourceProcess, sawSourceError: Bool)
        -> (any Error)?
    {
        let kept = "every committed state is saved and no overwrite stream lost its earlier files"
        let name = plan.source.displayName
        if failure is StopRequest || stowage_termination_signal() != 0 {
            if stateStore.lockLost && stowage_termination_signal() == 0 {
                return SyncError(
                    .lockLost,
                    "This run lost its lock on '\(stateStore.location)' (another run took it over), so it stopped the source; \(kept), but check for overlapping runs."
                )
            }
            return SyncError(
                .sourceFailed,
                "Stowage was asked to stop (signal \(stowage_termination_signal())) and stopped the source '\(name)'; \(kept), so the next run resumes from there."
            )
        }
        if process.wasIdle {
            let seconds = plan.idleTimeout.map(SyncReport.decimal) ?? "?"
            return SyncError(
                .sourceIdle,
                "The source '\(name)' printed nothing for \(seconds) s (--idle-timeout), so Stowage stopped it; \(kept), so find out why it hangs, or raise --idle-timeout."
            )
        }
        if !exit.succeeded && !process.wasSignalled {
            let detail =
                failure.map { " (\((($0 as? any UserFacingError)?.message ?? "\($0)").trimmedSentence))" } ?? ""
            return SyncError(
                .sourceFailed, "The source '\(name)' \(exit)\(detail); \(kept), so fix the source and run again.")
        }
        if let failure { return failure }
        if !exit.succeeded {
            return SyncError(.sourceFailed, "The source '\(name)' \(exit); \(kept), so fix the source and run again.")
        }
        if sawSourceError {
            return SyncError(
                .sourceFailed,
                "The source '\(name)' reported an error (its TRACE is in the log) though it exited with status 0; \(kept), so fix the source and run again."
            )
        }
        return nil
    }
}

extension String {
    /// The sentence without its closing full stop, to quote it inside another.
    fileprivate var trimmedSentence: String { hasSuffix(".") ? String(dropLast()) : self }
}

/// An error that has no user-facing message of its own.
struct UnexpectedSyncError: UserFacingError {
    var error: any Error
    var message: String { "Stowage failed unexpectedly (\(error)); report this with the log." }
    var failureType: FailureType { .systemError }
    var internalMessage: String? { String(reflecting: error) }
}
