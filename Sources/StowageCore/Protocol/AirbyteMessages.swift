/// The messages Stowage itself writes to standard output.
package enum AirbyteMessages {
    package static func trace(
        error: any UserFacingError, stream: (name: String, namespace: String?)? = nil, emittedAt: Int64
    ) -> JSONValue {
        var details: [(String, JSONValue)] = [
            ("message", .string(error.message)),
            ("failure_type", .string(error.failureType.rawValue)),
        ]
        if let internalMessage = error.internalMessage {
            details.append(("internal_message", .string(internalMessage)))
        }
        if let stream {
            var descriptor: [(String, JSONValue)] = [("name", .string(stream.name))]
            if let namespace = stream.namespace { descriptor.append(("namespace", .string(namespace))) }
            details.append(("stream_descriptor", .object(descriptor)))
        }
        return .object([
            ("type", .string("TRACE")),
            (
                "trace",
                .object([
                    ("type", .string("ERROR")),
                    ("emitted_at", .number(String(emittedAt))),
                    ("error", .object(details)),
                ])
            ),
        ])
    }

    package static func connectionStatus(succeeded: Bool, message: String?) -> JSONValue {
        var status: [(String, JSONValue)] = [("status", .string(succeeded ? "SUCCEEDED" : "FAILED"))]
        if let message { status.append(("message", .string(message))) }
        return .object([("type", .string("CONNECTION_STATUS")), ("connectionStatus", .object(status))])
    }
}
