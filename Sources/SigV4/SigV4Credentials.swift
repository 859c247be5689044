/// The key pair, and optional session token, that signs requests with AWS Signature Version 4.
///
/// The secret access key and the session token are redacted from `description`, `debugDescription` and
/// `dump(_:)`, so logging a configuration that holds credentials never prints them.
public struct SigV4Credentials: Sendable, Equatable {
    /// The access key ID, sent in clear in the `Credential=` part of the authorization header.
    public var accessKeyId: String
    /// The secret access key; it only ever leaves this value as the input of the signing-key derivation.
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent and signed as `x-amz-security-token` when set.
    public var sessionToken: String?

    /// Creates credentials from a key pair and an optional session token.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension SigV4Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// What stands in for the secret and the session token.
    static let redacted = "<redacted>"

    /// The access key ID with the secret and the session token redacted.
    public var description: String {
        let token = sessionToken == nil ? "nil" : Self.redacted
        return "SigV4Credentials(accessKeyId: \(accessKeyId), secretAccessKey: \(Self.redacted), "
            + "sessionToken: \(token))"
    }

    /// The same redacted text as `description`.
    public var debugDescription: String { description }

    /// A mirror that shows the access key ID and redacts the secret and the session token.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyId": accessKeyId,
                "secretAccessKey": Self.redacted,
                "sessionToken": sessionToken == nil ? "nil" : Self.redacted,
            ],
            displayStyle: .struct
        )
    }
}
