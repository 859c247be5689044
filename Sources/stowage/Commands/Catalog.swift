import ArgumentParser
import Logging
import StowageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Print a configured catalog for a source, from its `discover`, to edit and give to `sync`.",
        discussion: """
            Runs SOURCE_PROGRAM ARGS… discover --config SRC (no shell). Streams that support incremental reads get \
            incremental + append, the others full refresh + overwrite. Exit status: 0 done, 1 the source failed, \
            2 usage error.
            """
    )

    @Option(help: "The source's configuration (JSON), passed to it as --config.") var sourceConfig: String
    @Argument(parsing: .postTerminator, help: "The source's command after '--': SOURCE_PROGRAM [ARGS…].")
    var source: [String] = []

    func run() throws {
        CLI.prepare()
        let logger = CLI.logger()
        let command: SourceCommand
        do {
            _ = try JSONFile.read(sourceConfig, role: "source-config")
            command = try SourceCommand(program: source)
        } catch {
            Self.exit(with: error, code: 2, logger: logger)
        }
        do {
            let discovered = try SourceDiscovery.discover(command, config: sourceConfig, logger: logger)
            let text = SourceDiscovery.render(try SourceDiscovery.configure(discovered))
            try StandardOutput().emit(Array(text.utf8.dropLast()))
        } catch let error as SyncError where error.code == .sourceNotStarted {
            Self.exit(with: error, code: 2, logger: logger)
        } catch {
            Self.exit(with: error, code: 1, logger: logger)
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
