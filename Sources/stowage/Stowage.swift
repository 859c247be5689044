import ArgumentParser

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
        subcommands: [Spec.self, Check.self, Write.self, Sync.self, CatalogCommand.self]
    )

    /// As ArgumentParser's, except that `sync` and `catalog` report usage mistakes with exit status 2
    /// (`specs/sync.md`), as their callers (cron, shell scripts) expect.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let arguments = CommandLine.arguments.dropFirst()
            if exitCode(for: error) == .validationFailure, let first = arguments.first,
                ["sync", "catalog"].contains(first)
            {
                let text = Array((fullMessage(for: error) + "\n").utf8)
                _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}
