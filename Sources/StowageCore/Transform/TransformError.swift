/// A sync stopped by its transforms: a stream rejected a record under `on_error: fail`, or more records than
/// `max_rejected`; reported as `system_error`.
package struct TransformError: Error, UserFacingError, Equatable {
    package var message: String
    /// The stream whose records were rejected.
    package var stream: StreamDescriptor
    /// The records the stream had rejected.
    package var rejected: Int

    package init(_ message: String, stream: StreamDescriptor, rejected: Int) {
        self.message = message
        self.stream = stream
        self.rejected = rejected
    }

    package var failureType: FailureType { .systemError }
    package var internalMessage: String? { nil }
}
