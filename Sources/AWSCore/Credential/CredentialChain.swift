import SigV4

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the credentials to sign with, first match wins; the environment and file reader are parameters.
///
/// 1. The configuration's `access_key_id` and `secret_access_key` (both, or neither).
/// 2. `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, with `AWS_SESSION_TOKEN` when set.
/// 3. The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else `$HOME/.aws/credentials`; profile
///    `AWS_PROFILE`, else `default`; keys `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`.
///
/// Instance metadata, web identity, SSO and `role_arn` are not supported.
package struct CredentialChain {
    /// Where the credentials came from, for logs (never the secret).
    package enum Source: Sendable, Equatable, CustomStringConvertible {
        case configuration
        case environment
        case sharedCredentialsFile(path: String, profile: String)

        package var description: String {
            switch self {
            case .configuration: "the configuration"
            case .environment: "the environment"
            case .sharedCredentialsFile(let path, let profile): "profile '\(profile)' of '\(path)'"
            }
        }
    }

    package struct Resolved: Sendable, Equatable {
        package var credentials: SigV4Credentials
        package var source: Source
    }

    /// Reads a whole text file; nil when it does not exist or cannot be read.
    package typealias FileReader = @Sendable (String) -> String?

    package var environment: [String: String]
    package var readFile: FileReader

    package init(environment: [String: String], readFile: @escaping FileReader = CredentialChain.readTextFile) {
        self.environment = environment
        self.readFile = readFile
    }

    /// The first credentials in the chain's order; the error names what is missing.
    ///
    /// `service` names the service in the message when nothing is found, e.g. "S3" or "DynamoDB".
    package func resolve(accessKeyId: String?, secretAccessKey: String?, service: String) throws(CredentialError)
        -> Resolved
    {
        let configKey = accessKeyId?.trimmingASCIIWhitespace() ?? ""
        let configSecret = secretAccessKey?.trimmingASCIIWhitespace() ?? ""
        if !configKey.isEmpty || !configSecret.isEmpty {
            guard !configKey.isEmpty else {
                throw CredentialError(
                    .halfConfigured, "'secret_access_key' is set but 'access_key_id' is empty; set both or neither.")
            }
            guard !configSecret.isEmpty else {
                throw CredentialError(
                    .halfConfigured,
                    "'access_key_id' is '\(configKey)' but 'secret_access_key' is empty; set both or neither.")
            }
            return Resolved(
                credentials: SigV4Credentials(accessKeyId: configKey, secretAccessKey: configSecret),
                source: .configuration)
        }

        let envKey = environment["AWS_ACCESS_KEY_ID"]?.trimmingASCIIWhitespace() ?? ""
        let envSecret = environment["AWS_SECRET_ACCESS_KEY"]?.trimmingASCIIWhitespace() ?? ""
        if !envKey.isEmpty || !envSecret.isEmpty {
            guard !envKey.isEmpty, !envSecret.isEmpty else {
                let missing = envKey.isEmpty ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"
                throw CredentialError(
                    .halfConfigured,
                    "Environment variable '\(missing)' is empty while its partner is set; set both or unset both.")
            }
            let token = environment["AWS_SESSION_TOKEN"]?.trimmingASCIIWhitespace() ?? ""
            return Resolved(
                credentials: SigV4Credentials(
                    accessKeyId: envKey, secretAccessKey: envSecret, sessionToken: token.isEmpty ? nil : token),
                source: .environment)
        }

        let profile = nonEmpty(environment["AWS_PROFILE"]) ?? "default"
        let explicitPath = nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"])
        let home = nonEmpty(environment["HOME"])
        if let path = explicitPath.map(expandingHome) ?? home.map({ "\($0)/.aws/credentials" }) {
            if let text = readFile(path) {
                let file = SharedCredentialsFile(parsing: text)
                guard let section = file.profiles[profile] else {
                    throw CredentialError(
                        .missingProfile,
                        "Profile '\(profile)' is not in credentials file '\(path)'; add it or set AWS_PROFILE.")
                }
                guard let key = nonEmpty(section["aws_access_key_id"]),
                    let secret = nonEmpty(section["aws_secret_access_key"])
                else {
                    throw CredentialError(
                        .incompleteProfile,
                        "Profile '\(profile)' in '\(path)' lacks 'aws_access_key_id' or 'aws_secret_access_key'; "
                            + "add both.")
                }
                let token = nonEmpty(section["aws_session_token"]) ?? nonEmpty(section["aws_security_token"])
                return Resolved(
                    credentials: SigV4Credentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token),
                    source: .sharedCredentialsFile(path: path, profile: profile))
            } else if explicitPath != nil {
                throw CredentialError(
                    .unreadableFile,
                    "Credentials file '\(path)' named by AWS_SHARED_CREDENTIALS_FILE cannot be read; "
                        + "correct the variable or create the file.")
            }
        }
        throw CredentialError(
            .notFound,
            "No \(service) credentials were found; set 'access_key_id' and 'secret_access_key', "
                + "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a '\(profile)' profile in '~/.aws/credentials'.")
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingASCIIWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    private func expandingHome(_ path: String) -> String {
        guard path.hasPrefix("~/"), let home = nonEmpty(environment["HOME"]) else { return path }
        return home + path.dropFirst()
    }

    /// Reads a file with the C library; nil when it is missing or unreadable. Credentials files are tiny.
    package static let readTextFile: FileReader = { path in
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 4096, file) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > 1 << 20 { return nil }
        }
        if ferror(file) != 0 { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
