/// A failure of the object store, with a one-sentence message that names the bucket, key or endpoint and the fix.
package struct StorageError: Error, UserFacingError {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String
        package var description: String { name }

        /// The configuration is wrong: missing bucket, bad credentials, wrong region, no permission.
        package static let configuration = Code(name: "configuration")
        /// Worth retrying later: the network, a timeout, a server error.
        package static let transient = Code(name: "transient")
        /// An object that must not be replaced already exists.
        package static let exists = Code(name: "exists")
        /// Anything else the store reported.
        package static let other = Code(name: "other")
    }

    package var code: Code
    package var message: String
    package var internalMessage: String?

    package init(_ code: Code, _ message: String, internalMessage: String? = nil) {
        self.code = code
        self.message = message
        self.internalMessage = internalMessage
    }

    package var failureType: FailureType {
        switch code {
        case .configuration: .configError
        case .transient: .transientError
        default: .systemError
        }
    }
}
