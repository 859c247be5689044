import ArgumentParser
import CSystem
import Logging
import StowageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an Airbyte source, land its records as `write` does, and keep its state between runs.",
        discussion: """
            Runs SOURCE_PROGRAM ARGS… read --config SRC --catalog CATALOG [--state FILE] (no shell), resuming from \
            the state Stowage last committed. Exit status: 0 done, 1 failed, 2 usage or config error, 75 another \
            run holds the lock (specs/sync.md).
            """
    )

    @Option(help: "The destination configuration (JSON), as for `write`.") var config: String
    @Option(help: "The configured catalog (JSON), given to the source and to the destination.") var catalog: String
    @Option(help: "The source's configuration (JSON), passed to it as --config.") var sourceConfig: String
    @Option(help: "Where the state is kept between runs: a file path, or s3://bucket/key.") var state: String
    @Option(help: "Write a JSON summary of the run to this file.") var summaryJson: String?
    @Option(help: "Stop the source when it prints nothing for this many seconds (default: wait for ever).")
    var idleTimeout: Double?
    @Option(help: "Seconds an S3 lock's lease lasts without renewal before another run may take it over.")
    var lockTtl: Double = 120
    @Argument(parsing: .postTerminator, help: "The source's command after '--': SOURCE_PROGRAM [ARGS…].")
    var source: [String] = []

    /// `sysexits.h`'s EX_TEMPFAIL: another run holds the lock; nothing was done.
    static let lockHeldStatus: Int32 = 75

    func run() throws {
        CLI.prepare()
        let status = isatty(2) == 1 ? TerminalStatusLine() : nil
        let logger = Self.logger(status: status)
        let environment = CLI.environment
        let configuration: Configuration
        let catalogValue: Catalog
        let plan: SyncRunner.Plan
        let stateStore: any StateStore
        let store: any ObjectStore
        do {
            if let idleTimeout, !(idleTimeout > 0) {
                throw ConfigError(
                    "--idle-timeout '\(idleTimeout)' is not a positive number of seconds; give one such as 600.")
            }
            guard lockTtl >= 4 else {
                throw ConfigError("--lock-ttl '\(lockTtl)' is shorter than 4 seconds; give a lease such as 120.")
            }
            configuration = try Configuration.load(path: config)
            catalogValue = try Catalog.load(path: catalog)
            _ = try JSONFile.read(sourceConfig, role: "source-config")
            plan = SyncRunner.Plan(
                catalogPath: catalog, sourceConfigPath: sourceConfig, source: try SourceCommand(program: source),
                idleTimeout: idleTimeout)
            store = try configuration.makeObjectStore(environment: environment, logger: logger)
            stateStore = try makeStateStore(
                StateLocation.parse(state), configuration: configuration, environment: environment, logger: logger)
        } catch {
            Self.exit(with: error, code: 2, logger: logger)
        }
        // From here a SIGTERM or SIGINT sets a flag the run looks at, so that the lock is always given back.
        stowage_catch_termination()
        do {
            if case .held(let reason) = try stateStore.lock() {
                logger.error("\(reason)")
                Glibc.exit(Self.lockHeldStatus)
            }
        } catch {
            let configuration = (error as? any UserFacingError)?.failureType == .configError
            Self.exit(with: error, code: configuration ? 2 : 1, logger: logger)
        }
        let runner: SyncRunner
        do {
            runner = try SyncRunner(
                configuration: configuration, catalog: catalogValue, plan: plan, store: store, stateStore: stateStore,
                logger: logger)
        } catch {
            stateStore.unlock()
            Self.exit(with: error, code: 2, logger: logger)
        }
        let reporter = SyncProgressReporter(
            meter: runner.meter, streamNames: catalogValue.streams.map(\.displayName),
            mode: status.map { .terminal($0, seconds: 1) } ?? .log(logger, seconds: 30))
        reporter.start()
        let report = runner.run()
        reporter.stop()
        stateStore.unlock()
        if let error = report.error { logger.error("\(error)") }
        if report.status == .succeeded {
            logger.info("\(report.summaryLine)")
        } else {
            logger.error("\(report.summaryLine)")
        }
        if let summaryJson {
            do {
                try AtomicFile.replace(summaryJson, with: Array((report.json.serialized + "\n").utf8))
            } catch {
                logger.error("\((error as? any UserFacingError)?.message ?? "\(error)")")
                Glibc.exit(1)
            }
        }
        Glibc.exit(report.exitCode)
    }

    private static func logger(status: TerminalStatusLine?) -> Logger {
        guard let status else { return CLI.logger() }
        var logger = Logger(label: "stowage") { StatusLineLogHandler(label: $0, status: status) }
        logger.logLevel = CLI.logger().logLevel
        return logger
    }

    /// The store `location` names; an S3 object is reached with the destination's endpoint and credentials.
    private func makeStateStore(
        _ location: StateLocation, configuration: Configuration, environment: [String: String], logger: Logger
    ) throws -> any StateStore {
        switch location {
        case .local(let path):
            return try LocalStateStore(path: path)
        case .s3(let bucket, let key):
            guard !configuration.endpoint.hasPrefix("file:") else {
                throw ConfigError(
                    "The state location 's3://\(bucket)/\(key)' needs an S3 destination to reach it, but 's3_endpoint' is the local '\(configuration.endpoint)'; keep --state in a local file."
                )
            }
            var stateConfiguration = configuration
            stateConfiguration.bucketName = bucket
            guard
                let s3 = try stateConfiguration.makeObjectStore(environment: environment, logger: logger)
                    as? S3ObjectStore
            else {
                throw ConfigError(
                    "The state location 's3://\(bucket)/\(key)' is not reachable over S3; keep --state in a local file."
                )
            }
            return S3StateStore(client: s3.client, key: key, leaseSeconds: lockTtl, logger: logger)
        }
    }

    private static func exit(with error: any Error, code: Int32, logger: Logger) -> Never {
        let message =
            (error as? any UserFacingError)?.message
            ?? "Stowage failed unexpectedly (\(error)); report this with the log."
        logger.error("\(message)")
        Glibc.exit(code)
    }
}
