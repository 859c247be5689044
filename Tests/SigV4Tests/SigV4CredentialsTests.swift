import SigV4
import Testing

/// Credentials print their access key ID and never their secret or session token.
struct SigV4CredentialsTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let token = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN"

    static let credentials = [
        SigV4Credentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: secret),
        SigV4Credentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: secret, sessionToken: token),
    ]

    @Test(
        "description, debugDescription, interpolation and dump redact the secret and the token", arguments: credentials)
    func secretIsRedacted(_ credentials: SigV4Credentials) {
        var dumped = ""
        dump(credentials, to: &dumped)
        let renderings = [
            String(describing: credentials),
            String(reflecting: credentials),
            "\(credentials)",
            credentials.description,
            credentials.debugDescription,
            dumped,
            String(describing: [credentials]),
            String(describing: Optional(credentials)),
        ]
        for text in renderings {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains(Self.token))
            #expect(text.contains("AKIAIOSFODNN7EXAMPLE"))
            #expect(text.contains("<redacted>"))
        }
    }

    @Test("the session token defaults to nil and equality compares every field")
    func equality() {
        let plain = SigV4Credentials(accessKeyId: "AKID", secretAccessKey: "a")
        #expect(plain.sessionToken == nil)
        #expect(plain == SigV4Credentials(accessKeyId: "AKID", secretAccessKey: "a", sessionToken: nil))
        #expect(plain != SigV4Credentials(accessKeyId: "AKID", secretAccessKey: "b"))
        #expect(plain != SigV4Credentials(accessKeyId: "AKID", secretAccessKey: "a", sessionToken: "t"))
    }
}
