/// Credentials that could not be found, or that are only half configured.
///
/// The message names the setting, variable, profile or file to fix; it never holds a secret. Each service
/// client turns this into its own configuration error.
package struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String
        package var description: String { name }

        /// One of `access_key_id` / `secret_access_key` (or their variables) is set without the other.
        package static let halfConfigured = Code(name: "halfConfigured")
        /// The profile is not in the credentials file.
        package static let missingProfile = Code(name: "missingProfile")
        /// The profile lacks a key id or a secret.
        package static let incompleteProfile = Code(name: "incompleteProfile")
        /// The file named by `AWS_SHARED_CREDENTIALS_FILE` cannot be read.
        package static let unreadableFile = Code(name: "unreadableFile")
        /// Nothing in the chain holds credentials.
        package static let notFound = Code(name: "notFound")
    }

    package var code: Code
    /// One sentence for a user: what is missing and how to supply it.
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
