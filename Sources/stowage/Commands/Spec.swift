import ArgumentParser
import StowageCore

struct Spec: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the connector specification as a SPEC message.")

    func run() throws {
        CLI.prepare()
        try? StandardOutput().emit(Array(("{\"type\":\"SPEC\",\"spec\":" + ConnectorSpecification.json + "}").utf8))
    }
}
