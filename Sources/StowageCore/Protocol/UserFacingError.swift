/// Airbyte's classification of a failure, carried in a TRACE error message.
public enum FailureType: String, Sendable {
    case configError = "config_error"
    case systemError = "system_error"
    case transientError = "transient_error"
}

/// An error whose message can be shown to a user as it is: one sentence naming the value and the fix.
public protocol UserFacingError: Error {
    var message: String { get }
    var failureType: FailureType { get }
    /// Detail for the operator; never a secret.
    var internalMessage: String? { get }
}
