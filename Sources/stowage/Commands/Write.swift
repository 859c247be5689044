import ArgumentParser
import CSystem
import Logging
import StowageCore

struct Write: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the messages read from standard input; echo each STATE once its records are safe."
    )

    @Option(help: "The connector configuration (JSON).") var config: String
    @Option(help: "The configured catalog (JSON).") var catalog: String

    func run() throws {
        CLI.prepare()
        let output = StandardOutput(stopSignal: { stowage_termination_signal() })
        let logger = CLI.logger()
        do {
            let configuration = try Configuration.load(path: config)
            let catalog = try Catalog.load(path: catalog)
            for field in configuration.ignoredFields {
                logger.warning("'\(field)' is accepted but not applied yet.")
            }
            if configuration.dynamoDB != nil {
                let session = try Self.dynamoDBSession(configuration, catalog, output, logger)
                stowage_catch_termination()
                try session.run(FileDescriptorInput(fd: 0))
                return
            }
            let deduplicated = catalog.deduplicatedStreams.map { "'\($0.displayName)'" }
            if !deduplicated.isEmpty {
                logger.warning(
                    "Streams \(deduplicated.joined(separator: ", ")) ask for append_dedup; files cannot deduplicate, so their records are appended (readers dedupe by primary key)."
                )
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
