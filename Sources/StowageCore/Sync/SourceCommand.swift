/// How `sync` and `catalog` call an Airbyte source: the user's program and arguments, then the protocol's own.
///
/// Airbyte's connector interface (docs.airbyte.com, "Airbyte Protocol Docker Interface"): `read --config <f>
/// --catalog <f> [--state <f>]` and `discover --config <f>`. The argv is run as it is, without a shell.
package struct SourceCommand: Sendable, Equatable {
    /// The program and the arguments the user gave after `--`.
    package let program: [String]

    /// Fails with a ``ConfigError`` when nothing follows `--`, or an argument holds a NUL byte.
    package init(program: [String]) throws(ConfigError) {
        guard let first = program.first, !first.isEmpty else {
            throw ConfigError(
                "No source program was given; put the source's command after '--', e.g. 'stowage sync … -- source-faker'."
            )
        }
        if let bad = program.first(where: { $0.utf8.contains(0) }) {
            throw ConfigError("The source argument '\(bad)' holds a NUL byte, which no program can receive; remove it.")
        }
        self.program = program
    }

    /// `PROGRAM ARGS… read --config CONFIG --catalog CATALOG [--state STATE]`.
    package func read(config: String, catalog: String, state: String?) -> [String] {
        var arguments = program + ["read", "--config", config, "--catalog", catalog]
        if let state { arguments += ["--state", state] }
        return arguments
    }

    /// `PROGRAM ARGS… discover --config CONFIG`.
    package func discover(config: String) -> [String] {
        program + ["discover", "--config", config]
    }

    /// The program as a user would name it in a message, without folders: its first word, and the second too
    /// when that names a file (`python3 source.py`); the other arguments may hold secrets.
    package var displayName: String {
        func base(_ word: String) -> String { word.split(separator: "/").last.map(String.init) ?? word }
        return program.count > 1 && !program[1].hasPrefix("-") && (program[1].contains(".") || program[1].contains("/"))
            ? base(program[0]) + " " + base(program[1]) : base(program[0])
    }
}
