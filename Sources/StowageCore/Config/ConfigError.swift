/// A mistake in the config or catalog file; always reported as `config_error`.
package struct ConfigError: Error, UserFacingError, Equatable {
    package var message: String
    package var internalMessage: String?
    /// The catalog streams the mistake is about (name, namespace), when it is about streams: the TRACE carries
    /// the first as its `stream_descriptor`, and the message names them all.
    package var streams: [StreamDescriptor]

    package init(_ message: String, internalMessage: String? = nil, streams: [StreamDescriptor] = []) {
        self.message = message
        self.internalMessage = internalMessage
        self.streams = streams
    }

    package var failureType: FailureType { .configError }
}

/// A stream's name and namespace, as Airbyte's `stream_descriptor` has them.
package struct StreamDescriptor: Sendable, Hashable {
    package var name: String
    package var namespace: String?

    package init(name: String, namespace: String? = nil) {
        self.name = name
        self.namespace = namespace
    }

    /// How a user would name the stream: `namespace.name`, or `name`.
    package var displayName: String { namespace.map { "\($0).\(name)" } ?? name }
}
