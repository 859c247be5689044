/// What one `sync` run did: the closing summary line, `--summary-json`, and the exit status.
package struct SyncReport: Sendable {
    package enum Status: String, Sendable {
        case succeeded, failed
        /// A usage or configuration mistake found before the source started; nothing was read.
        case usageError = "usage_error"
    }

    package struct Stream: Sendable, Equatable {
        package var descriptor: StreamDescriptor
        package var records = 0
        package var bytes = 0
        package var files = 0
        package var statesCommitted = 0

        package init(descriptor: StreamDescriptor) {
            self.descriptor = descriptor
        }
    }

    package var status: Status
    /// Why the run failed, one sentence.
    package var error: String?
    package var failureType: FailureType?
    /// The source program's name (its arguments are left out: they may hold secrets).
    package var program: String
    package var sourceExit: SourceExit?
    package var seconds: Double
    package var streams: [Stream]
    /// Files and bytes that matched no stream's names.
    package var otherFiles = 0
    package var otherBytes = 0
    package var inputBytes = 0
    package var statesCommitted = 0
    package var stateSaves = 0
    package var stateLocation: String

    package init(status: Status, program: String, stateLocation: String, streams: [StreamDescriptor]) {
        self.status = status
        self.program = program
        self.stateLocation = stateLocation
        self.streams = streams.map(Stream.init)
        seconds = 0
    }

    /// 0 done, 1 failed, 2 usage or configuration mistake (75, lock held, never reaches a report).
    package var exitCode: Int32 {
        switch status {
        case .succeeded: 0
        case .failed: 1
        case .usageError: 2
        }
    }

    package var records: Int { streams.reduce(0) { $0 + $1.records } }
    package var bytes: Int { streams.reduce(otherBytes) { $0 + $1.bytes } }
    package var files: Int { streams.reduce(otherFiles) { $0 + $1.files } }

    /// One line for the log: the outcome, the counts, the busiest streams and how the source ended.
    package var summaryLine: String {
        let outcome = status == .succeeded ? "Sync succeeded in" : "Sync failed after"
        var line =
            "\(outcome) \(Self.decimal(seconds)) s: \(Self.count(records, "record")), \(Self.decimal(Double(bytes) / 1_048_576)) MB in \(Self.count(files, "file")), \(Self.count(statesCommitted, "state")) committed"
        let busy = streams.filter { $0.records > 0 }.sorted { $0.records > $1.records }
        if !busy.isEmpty {
            let shown = busy.prefix(4).map { "\($0.descriptor.displayName) \($0.records)" }
            line +=
                " (" + shown.joined(separator: ", ") + (busy.count > 4 ? ", \(busy.count - 4) more streams" : "") + ")"
        }
        line += sourceExit.map { "; the source \($0)." } ?? "; the source did not run."
        return line
    }

    /// The `--summary-json` document.
    package var json: JSONValue {
        var source: [(String, JSONValue)] = [("program", .string(program))]
        switch sourceExit {
        case .exited(let code)?: source += [("exit_code", .number(String(code))), ("signal", .null)]
        case .killed(let signal)?: source += [("exit_code", .null), ("signal", .number(String(signal)))]
        case nil: source += [("exit_code", .null), ("signal", .null)]
        }
        let streamValues: [JSONValue] = streams.map { stream in
            .object([
                ("name", .string(stream.descriptor.name)),
                ("namespace", stream.descriptor.namespace.map(JSONValue.string) ?? .null),
                ("records", .number(String(stream.records))), ("bytes", .number(String(stream.bytes))),
                ("files", .number(String(stream.files))), ("states_committed", .number(String(stream.statesCommitted))),
            ])
        }
        return .object([
            ("status", .string(status.rawValue)),
            ("error", error.map(JSONValue.string) ?? .null),
            ("failure_type", failureType.map { .string($0.rawValue) } ?? .null),
            ("duration_seconds", .number(Self.decimal(seconds))),
            ("source", .object(source)),
            ("state", .string(stateLocation)),
            ("records", .number(String(records))), ("bytes", .number(String(bytes))),
            ("files", .number(String(files))), ("input_bytes", .number(String(inputBytes))),
            ("states_committed", .number(String(statesCommitted))), ("state_saves", .number(String(stateSaves))),
            ("streams", .array(streamValues)),
        ])
    }

    /// `1 file`, `2 files`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// `x` with at most two decimals and at least one digit after the point.
    static func decimal(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let fraction = abs(hundredths) % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
