/// Bad input on standard input: a line that is not a valid message for this sync.
package struct InputError: Error, UserFacingError, Equatable {
    package struct Code: Hashable, Sendable {
        fileprivate let name: String
        package static let malformedJSON = Code(name: "malformed JSON")
        package static let invalidMessage = Code(name: "invalid message")
        package static let unknownStream = Code(name: "unknown stream")
        package static let lineTooLong = Code(name: "line too long")
        package static let unreadable = Code(name: "unreadable")
    }

    package var code: Code
    package var message: String
    /// The 1-based input line, or 0 when the error is not about one line.
    package var line: Int
    package var stream: String?
    package var namespace: String?
    package var internalMessage: String? { nil }

    package init(_ code: Code, _ message: String, line: Int, stream: String? = nil, namespace: String? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.stream = stream
        self.namespace = namespace
    }

    package var failureType: FailureType { .systemError }
}
