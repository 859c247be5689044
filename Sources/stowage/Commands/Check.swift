import ArgumentParser
import StowageCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the configuration by writing, listing and deleting a test object; print CONNECTION_STATUS."
    )

    @Option(help: "The connector configuration (JSON).") var config: String

    func run() throws {
        CLI.prepare()
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
        try? output.emit(AirbyteMessages.connectionStatus(succeeded: failure == nil, message: failure))
    }
}
