import ArgumentParser

@main
struct Stowage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stowage",
        abstract: "An Airbyte destination that writes each stream's records as files into S3 or a local directory.",
        discussion: "Airbyte messages go to standard output, one JSON object per line; logs go to standard error.",
        subcommands: [Spec.self, Check.self, Write.self]
    )
}
