import ArgumentParser
import CSystem
import Logging
import StowageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Stowage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stowage",
        abstract: "An Airbyte destination that writes each stream's records as files into S3 or a local directory.",
        discussion: "Airbyte messages go to standard output, one JSON object per line; logs go to standard error.",
        subcommands: [Spec.self, Check.self, Write.self]
    )
}

struct Spec: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the connector specification as a SPEC message.")

    func run() throws {
        StandardOutput().emit(Array(("{\"type\":\"SPEC\",\"spec\":" + ConnectorSpecification.json + "}").utf8))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the configuration by writing, listing and deleting a test object; print CONNECTION_STATUS."
    )

    @Option(help: "The connector configuration (JSON).") var config: String

    func run() throws {
        let output = StandardOutput()
        let logger = CLI.logger()
        let failure: String?
        do {
            let configuration = try Configuration.load(path: config)
            let store = try configuration.makeObjectStore(environment: CLI.environment, logger: logger)
            var uuid = UUIDGenerator()
            failure = ConnectionCheck.run(configuration: configuration, store: store, uuid: &uuid)
        } catch let error as any UserFacingError {
            failure = error.message
        }
        output.emit(AirbyteMessages.connectionStatus(succeeded: failure == nil, message: failure))
    }
}

struct Write: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the messages read from standard input; echo each STATE once its records are safe."
    )

    @Option(help: "The connector configuration (JSON).") var config: String
    @Option(help: "The configured catalog (JSON).") var catalog: String

    func run() throws {
        let output = StandardOutput()
        let logger = CLI.logger()
        do {
            let configuration = try Configuration.load(path: config)
            let catalog = try Catalog.load(path: catalog)
            for field in configuration.ignoredFields {
                logger.warning("'\(field)' is accepted but not applied yet.")
            }
            let store = try configuration.makeObjectStore(environment: CLI.environment, logger: logger)
            var options = WriteSession.Options()
            options.stopSignal = { stowage_termination_signal() }
            let session = try WriteSession(
                configuration: configuration, catalog: catalog, store: store, output: output, logger: logger,
                options: options)
            try store.checkBucket()
            stowage_catch_termination()
            try session.run(FileDescriptorInput(fd: 0))
        } catch {
            CLI.fail(error, output: output, logger: logger)
        }
    }
}

enum CLI {
    static var environment: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    static func logger() -> Logger {
        var logger = Logger(label: "stowage") { StreamLogHandler.standardError(label: $0) }
        let level = environment["STOWAGE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        logger.logLevel = level
        return logger
    }

    /// Reports a failure as a TRACE error message and exits non-zero.
    static func fail(_ error: any Error, output: StandardOutput, logger: Logger) -> Never {
        let userError: any UserFacingError = (error as? any UserFacingError) ?? UnexpectedError(error: error)
        var stream: (name: String, namespace: String?)?
        if let input = error as? InputError, let name = input.stream { stream = (name, input.namespace) }
        logger.error("\(userError.message)")
        output.emit(
            AirbyteMessages.trace(error: userError, stream: stream, emittedAt: SystemClock().wallMilliseconds()))
        exit(1)
    }
}

/// An error that has no user-facing message of its own.
struct UnexpectedError: UserFacingError {
    var error: any Error
    var message: String { "Stowage failed unexpectedly (\(error)); report this with the log." }
    var failureType: FailureType { .systemError }
    var internalMessage: String? { String(reflecting: error) }
}
