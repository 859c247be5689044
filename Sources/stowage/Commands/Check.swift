import ArgumentParser
import StowageCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Check the configuration by writing, reading and deleting a test object (or a test item in a test table); print CONNECTION_STATUS."
    )

    @Option(help: "The connector configuration (JSON).") var config: String

    func run() throws {
        CLI.prepare()
        let output = StandardOutput()
        let logger = CLI.logger()
        let failure: String?
        do {
            let configuration = try Configuration.load(path: config)
            var uuid = UUIDGenerator()
            if configuration.dynamoDB != nil {
                let client = try configuration.makeDynamoDBClient(environment: CLI.environment, logger: logger)
                failure = DynamoDBConnectionCheck.run(configuration: configuration, client: client, uuid: &uuid)
            } else {
                let store = try configuration.makeObjectStore(environment: CLI.environment, logger: logger)
                failure = ConnectionCheck.run(configuration: configuration, store: store, uuid: &uuid)
            }
        } catch let error as any UserFacingError {
            failure = error.message
        }
        try? output.emit(AirbyteMessages.connectionStatus(succeeded: failure == nil, message: failure))
    }
}
