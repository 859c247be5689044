import CSystem
import Logging
import StowageCore

extension Write {
    /// A session writing into DynamoDB tables, the client and sink wired from `configuration`.
    static func dynamoDBSession(
        _ configuration: Configuration, _ catalog: Catalog, _ output: StandardOutput, _ logger: Logger
    ) throws -> WriteSession {
        let client = try configuration.makeDynamoDBClient(environment: CLI.environment, logger: logger)
        var uuid = UUIDGenerator()
        var sinkOptions = DynamoDBSink.Options()
        sinkOptions.stopSignal = { stowage_termination_signal() }
        let sink = try DynamoDBSink.make(
            configuration: configuration, catalog: catalog, client: client, syncID: uuid.string(), logger: logger,
            options: sinkOptions)
        var options = WriteSession.Options()
        options.stopSignal = { stowage_termination_signal() }
        return WriteSession(
            configuration: configuration, catalog: catalog, sink: sink, output: output, uuid: uuid, logger: logger,
            options: options)
    }
}
