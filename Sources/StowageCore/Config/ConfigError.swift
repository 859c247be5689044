/// A mistake in the config or catalog file; always reported as `config_error`.
package struct ConfigError: Error, UserFacingError, Equatable {
    package var message: String
    package var internalMessage: String?

    package init(_ message: String, internalMessage: String? = nil) {
        self.message = message
        self.internalMessage = internalMessage
    }

    package var failureType: FailureType { .configError }
}
