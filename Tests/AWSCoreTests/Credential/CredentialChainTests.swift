import SigV4
import Testing

@testable import AWSCore

struct CredentialChainTests {
    static let file = """
        # comment
        [default]
        aws_access_key_id = DEFAULTKEY
        aws_secret_access_key = default/secret=

        [profile ci]
        AWS_ACCESS_KEY_ID=CIKEY
        aws_secret_access_key=ci-secret
        aws_session_token = token==
        ; another comment
        """

    func chain(_ env: [String: String], files: [String: String] = [:]) -> CredentialChain {
        CredentialChain(environment: env, readFile: { files[$0] })
    }

    @Test func configurationKeysComeFirst() throws {
        let resolved = try chain(["AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "env"])
            .resolve(accessKeyId: "CFG", secretAccessKey: "cfg", service: "S3")
        #expect(resolved.credentials == SigV4Credentials(accessKeyId: "CFG", secretAccessKey: "cfg"))
        #expect(resolved.source == .configuration)
    }

    @Test func environmentComesSecondWithItsSessionToken() throws {
        let resolved = try chain(
            ["AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "env", "AWS_SESSION_TOKEN": "tok", "HOME": "/h"],
            files: ["/h/.aws/credentials": Self.file]
        ).resolve(accessKeyId: "", secretAccessKey: nil, service: "S3")
        #expect(
            resolved.credentials == SigV4Credentials(accessKeyId: "ENV", secretAccessKey: "env", sessionToken: "tok"))
        #expect(resolved.source == .environment)
    }

    @Test func sharedFileDefaultProfileUnderHome() throws {
        let resolved = try chain(["HOME": "/h"], files: ["/h/.aws/credentials": Self.file])
            .resolve(accessKeyId: nil, secretAccessKey: nil, service: "S3")
        #expect(resolved.credentials == SigV4Credentials(accessKeyId: "DEFAULTKEY", secretAccessKey: "default/secret="))
        #expect(resolved.source == .sharedCredentialsFile(path: "/h/.aws/credentials", profile: "default"))
    }

    @Test func sharedFileNamedProfileWithTokenFromAnExplicitPath() throws {
        let resolved = try chain(
            ["HOME": "/h", "AWS_SHARED_CREDENTIALS_FILE": "~/creds", "AWS_PROFILE": "ci"],
            files: ["/h/creds": Self.file]
        ).resolve(accessKeyId: nil, secretAccessKey: nil, service: "S3")
        #expect(
            resolved.credentials
                == SigV4Credentials(accessKeyId: "CIKEY", secretAccessKey: "ci-secret", sessionToken: "token=="))
    }

    @Test func halfConfiguredKeysAreErrorsThatDoNotLeakTheSecret() {
        let error = #expect(throws: CredentialError.self) {
            try chain([:]).resolve(accessKeyId: "", secretAccessKey: "s3cr3t", service: "S3")
        }
        #expect(error?.code == .halfConfigured)
        #expect(error?.message.contains("s3cr3t") == false)
        let envError = #expect(throws: CredentialError.self) {
            try chain(["AWS_SECRET_ACCESS_KEY": "s3cr3t"]).resolve(
                accessKeyId: nil, secretAccessKey: nil, service: "S3")
        }
        #expect(envError?.message.contains("AWS_ACCESS_KEY_ID") == true)
        #expect(envError?.message.contains("s3cr3t") == false)
    }

    @Test func missingProfileAndMissingCredentialsNameWhereToLook() {
        let profile = #expect(throws: CredentialError.self) {
            try chain(["HOME": "/h", "AWS_PROFILE": "prod"], files: ["/h/.aws/credentials": Self.file])
                .resolve(accessKeyId: nil, secretAccessKey: nil, service: "S3")
        }
        #expect(
            profile?.message
                == "Profile 'prod' is not in credentials file '/h/.aws/credentials'; add it or set AWS_PROFILE.")
        let none = #expect(throws: CredentialError.self) {
            try chain(["HOME": "/h"]).resolve(accessKeyId: nil, secretAccessKey: nil, service: "S3")
        }
        #expect(none?.code == .notFound)
        #expect(none?.message.hasPrefix("No S3 credentials were found;") == true)
        #expect(none?.message.contains("'access_key_id'") == true)
        let explicit = #expect(throws: CredentialError.self) {
            try chain(["AWS_SHARED_CREDENTIALS_FILE": "/nope"]).resolve(
                accessKeyId: nil, secretAccessKey: nil, service: "S3")
        }
        #expect(explicit?.message.contains("'/nope'") == true)
    }

    @Test func iniParsingKeepsEqualsInValuesAndIgnoresJunk() {
        let file = SharedCredentialsFile(parsing: "junk line\n[a]\r\nk = v=w\r\n[broken\nx=y\n[ profile b ]\nz=1")
        #expect(file.profiles == ["a": ["k": "v=w"], "b": ["z": "1"]])
    }
}
