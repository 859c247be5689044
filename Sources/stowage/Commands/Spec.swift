import ArgumentParser
import StowageCore

struct Spec: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the connector specification as a SPEC message.")

    enum Destination: String, ExpressibleByArgument, CaseIterable {
        case s3
        case dynamodb
    }

    @Option(help: "Whose specification to print: s3 (files in S3 or a local directory) or dynamodb.")
    var destination: Destination = .s3

    func run() throws {
        CLI.prepare()
        let json = destination == .dynamodb ? ConnectorSpecification.dynamoDBJSON : ConnectorSpecification.json
        try? StandardOutput().emit(Array(("{\"type\":\"SPEC\",\"spec\":" + json + "}").utf8))
    }
}
