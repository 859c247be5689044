import CSystem
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `stowage catalog`: runs a source's `discover` and turns its catalog into a configured catalog to edit.
package enum SourceDiscovery {
    /// The most bytes of `discover` output read (a catalog of many large schemas fits).
    package static let maximumOutput = 256 << 20

    /// Runs `discover` and returns the `catalog` of its CATALOG message; forwards its LOG messages and standard
    /// error to `logger`. Fails with a ``SyncError`` when the source cannot start, fails, or prints no catalog.
    package static func discover(_ command: SourceCommand, config: String, logger: Logger) throws -> JSONValue {
        stowage_catch_termination()
        let process = try SourceProcess.start(command.discover(config: config), logger: logger)
        var input = FileDescriptorInput(fd: process.output)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        reading: while true {
            let result = try buffer.withUnsafeMutableBytes { try input.read(into: $0, timeoutMilliseconds: 200) }
            switch result {
            case .bytes(let n):
                output += buffer[0..<n]
                if output.count > maximumOutput {
                    process.stop(signal: SIGTERM, graceSeconds: 5)
                    throw SyncError(
                        .noCatalog,
                        "The source '\(command.displayName)' printed more than \(maximumOutput >> 20) MiB for discover; check that the command after '--' is an Airbyte source."
                    )
                }
            case .endOfInput: break reading
            case .timedOut:
                let signal = stowage_termination_signal()
                if signal != 0 {
                    process.stop(signal: signal, graceSeconds: 5)
                    throw StopRequest(signal: signal)
                }
            }
        }
        let exit =
            process.wait(seconds: nil, interrupted: { stowage_termination_signal() })
            ?? process.stop(signal: SIGTERM, graceSeconds: 5)
        process.closeOutput()
        process.drainErrors(seconds: 2)
        var catalog: JSONValue?
        var reported: String?
        for line in output.split(separator: 0x0A) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            guard let message = try? JSONValue.parse(Array(line)) else {
                logger.warning("The source printed a line that is not a JSON message; it was skipped.")
                continue
            }
            switch message["type"]?.stringValue {
            case "CATALOG": catalog = message["catalog"]
            case "LOG": SourceLog.forward(message, to: logger)
            case "TRACE" where message["trace"]?["type"]?.stringValue == "ERROR":
                reported = message["trace"]?["error"]?["message"]?.stringValue ?? reported
            default: break
            }
        }
        let name = command.displayName
        if !exit.succeeded || reported != nil {
            throw SyncError(
                .sourceFailed,
                "The source '\(name)' \(exit)\(reported.map { " and reported '\($0)'" } ?? "") during discover; check its config file '\(config)' and the command after '--'."
            )
        }
        guard let catalog else {
            throw SyncError(
                .noCatalog,
                "The source '\(name)' printed no CATALOG message for discover; check that the command after '--' is an Airbyte source."
            )
        }
        return catalog
    }

    /// A ConfiguredAirbyteCatalog for every stream of a discovered `catalog`: incremental and append where the
    /// stream supports incremental reads and has a cursor (its own, or a default cursor field), else full
    /// refresh and overwrite; `primary_key` is the source-defined one when there is one.
    package static func configure(_ catalog: JSONValue) throws(SyncError) -> JSONValue {
        guard case .array(let streams)? = catalog["streams"] else {
            throw SyncError(.noCatalog, "The source's catalog has no 'streams' array; check the source.")
        }
        var configured: [JSONValue] = []
        for stream in streams {
            var modes: [String] = []
            if case .array(let supported)? = stream["supported_sync_modes"] {
                modes = supported.compactMap(\.stringValue)
            }
            var defaultCursor: [JSONValue] = []
            if case .array(let cursor)? = stream["default_cursor_field"] { defaultCursor = cursor }
            let sourceDefinedCursor = stream["source_defined_cursor"] == .bool(true)
            let incremental = modes.contains("incremental") && (sourceDefinedCursor || !defaultCursor.isEmpty)
            var members: [(String, JSONValue)] = [
                ("stream", stream),
                ("sync_mode", .string(incremental ? "incremental" : "full_refresh")),
                ("destination_sync_mode", .string(incremental ? "append" : "overwrite")),
            ]
            if incremental { members.append(("cursor_field", .array(defaultCursor))) }
            if case .array(let key)? = stream["source_defined_primary_key"], !key.isEmpty {
                members.append(("primary_key", .array(key)))
            }
            configured.append(.object(members))
        }
        return .object([("streams", .array(configured))])
    }

    /// The configured catalog as text to edit: one stream per line.
    package static func render(_ configured: JSONValue) -> String {
        guard case .array(let streams)? = configured["streams"], !streams.isEmpty else {
            return configured.serialized + "\n"
        }
        return "{\"streams\": [\n" + streams.map { "  " + $0.serialized }.joined(separator: ",\n") + "\n]}\n"
    }
}
