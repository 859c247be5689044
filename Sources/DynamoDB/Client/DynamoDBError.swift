import AWSCore

/// A failed DynamoDB request, classified as retryable, configuration or other, with a one-sentence message.
///
/// The message names the table, endpoint or access key id and the fix; it never holds a secret, since
/// neither the secret nor the signature ever reaches a `DynamoDBError`.
package struct DynamoDBError: AWSServiceError, Sendable, CustomStringConvertible {
    /// How a caller should react.
    package typealias Category = AWSErrorCategory

    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package let category: Category
        package var description: String { name }

        package init(name: String, category: Category) {
            self.name = name
            self.category = category
        }

        // Configuration.
        package static let resourceNotFound = Code(name: "resourceNotFound", category: .configuration)
        package static let accessDenied = Code(name: "accessDenied", category: .configuration)
        package static let unrecognizedClient = Code(name: "unrecognizedClient", category: .configuration)
        package static let signatureDoesNotMatch = Code(name: "signatureDoesNotMatch", category: .configuration)
        package static let invalidToken = Code(name: "invalidToken", category: .configuration)
        package static let tlsFailure = Code(name: "tlsFailure", category: .configuration)
        package static let couldNotResolveHost = Code(name: "couldNotResolveHost", category: .configuration)
        package static let invalidEndpoint = Code(name: "invalidEndpoint", category: .configuration)
        package static let missingCredentials = Code(name: "missingCredentials", category: .configuration)
        // Retryable.
        package static let throttled = Code(name: "throttled", category: .retryable)
        package static let serverError = Code(name: "serverError", category: .retryable)
        package static let crcMismatch = Code(name: "crcMismatch", category: .retryable)
        package static let unprocessedItems = Code(name: "unprocessedItems", category: .retryable)
        package static let timedOut = Code(name: "timedOut", category: .retryable)
        package static let connectionLost = Code(name: "connectionLost", category: .retryable)
        package static let couldNotConnect = Code(name: "couldNotConnect", category: .retryable)
        // Other.
        package static let validation = Code(name: "validation", category: .other)
        package static let conditionalCheckFailed = Code(name: "conditionalCheckFailed", category: .other)
        package static let resourceInUse = Code(name: "resourceInUse", category: .other)
        package static let limitExceeded = Code(name: "limitExceeded", category: .other)
        package static let tooManyRequests = Code(name: "tooManyRequests", category: .other)
        package static let requestTooLarge = Code(name: "requestTooLarge", category: .other)
        package static let tableNotActive = Code(name: "tableNotActive", category: .other)
        package static let invalidResponse = Code(name: "invalidResponse", category: .other)
        package static let transport = Code(name: "transport", category: .other)
        package static let http = Code(name: "http", category: .other)
    }

    package var code: Code
    /// The DynamoDB operation, e.g. "BatchWriteItem".
    package var operation: String
    /// The table the request was about, when it was about one.
    package var table: String?
    /// The endpoint as configured, e.g. "http://127.0.0.1:5055".
    package var endpoint: String
    package var accessKeyId: String?
    /// The region requests were signed for.
    package var region: String?
    package var httpStatus: Int?
    /// The error's name from the answer: the JSON `__type` after its `#`, or an XML `<Code>`.
    package var serverCode: String?
    /// The answer's own message (`message` or `Message`), for the operator's log; may quote item values.
    package var serverMessage: String?
    package var requestId: String?
    /// Transport detail (curl's message) or what was wrong with an answer.
    package var detail: String?
    /// Attempts made before giving up, the first included.
    package var attempts: Int = 1
    /// Replaces the generated message; for errors found before any request (endpoint, credentials).
    package var customMessage: String?

    package init(
        _ code: Code, operation: String, table: String? = nil, endpoint: String, accessKeyId: String? = nil,
        region: String? = nil, httpStatus: Int? = nil, serverCode: String? = nil, serverMessage: String? = nil,
        requestId: String? = nil, detail: String? = nil
    ) {
        self.code = code
        self.operation = operation
        self.table = table
        self.endpoint = endpoint
        self.accessKeyId = accessKeyId
        self.region = region
        self.httpStatus = httpStatus
        self.serverCode = serverCode
        self.serverMessage = serverMessage
        self.requestId = requestId
        self.detail = detail
    }

    /// An error found before any request was made, with its own message.
    package static func setup(_ code: Code, _ message: String, endpoint: String = "") -> DynamoDBError {
        var error = DynamoDBError(code, operation: "Setup", endpoint: endpoint)
        error.customMessage = message
        return error
    }

    package var category: Category { code.category }
    package var isRetryable: Bool { code.category == .retryable }

    /// One sentence for a user: what failed, the value in single quotes, the fix.
    package var message: String {
        if let customMessage { return customMessage }
        let e = "'\(endpoint)'"
        let k = "'\(accessKeyId ?? "")'"
        let subject = table.map { "table '\($0)'" } ?? "the account"
        let answer = httpStatus.map { status in "HTTP \(status)" + (serverCode.map { " \($0)" } ?? "") } ?? ""
        switch code {
        case .resourceNotFound:
            return "Table '\(table ?? "")' does not exist at endpoint \(e) in region '\(region ?? "")'; "
                + "create it or correct 'dynamodb_table_name_prefix' and 'dynamodb_region'."
        case .accessDenied:
            return "Access key \(k) was denied \(operation) on \(subject) at endpoint \(e); "
                + "grant it dynamodb:\(operation) or use other credentials."
        case .unrecognizedClient:
            return "Access key \(k) is not known at endpoint \(e); correct 'access_key_id'."
        case .signatureDoesNotMatch:
            return "The secret key given for access key \(k) was rejected by endpoint \(e); "
                + "correct 'secret_access_key'."
        case .invalidToken:
            return "The session token of access key \(k) is invalid or expired at endpoint \(e); "
                + "refresh AWS_SESSION_TOKEN or the profile's credentials."
        case .tlsFailure:
            return "The TLS connection to endpoint \(e) failed (\(detail ?? "certificate not verified")); "
                + "fix the server's certificate or trust its CA with AWS_CA_BUNDLE."
        case .couldNotResolveHost:
            return "The host of endpoint \(e) could not be resolved; correct 'dynamodb_endpoint' or the DNS settings."
        case .couldNotConnect:
            return "Could not connect to endpoint \(e) after \(attempts) attempts; "
                + "check 'dynamodb_endpoint' and that the server is running."
        case .throttled:
            return "Endpoint \(e) kept throttling \(operation) on \(subject) (\(answer)) after \(attempts) attempts; "
                + "retry later, raise the table's capacity or lower the write concurrency."
        case .unprocessedItems:
            return "Endpoint \(e) still left \(detail ?? "some requests") of \(operation) on \(subject) unprocessed "
                + "after \(attempts) attempts; retry later, raise the table's capacity or lower the write concurrency."
        case .serverError:
            return "Endpoint \(e) kept failing \(operation) on \(subject) (\(answer)) after \(attempts) attempts; "
                + "retry later."
        case .crcMismatch:
            return "Answers from endpoint \(e) to \(operation) on \(subject) kept failing their CRC-32 check after "
                + "\(attempts) attempts; check the network path (proxies) to the endpoint."
        case .timedOut, .connectionLost:
            return "The connection to endpoint \(e) \(code == .timedOut ? "timed out" : "was lost") during "
                + "\(operation) on \(subject) after \(attempts) attempts; retry later."
        case .validation:
            return "Endpoint \(e) refused \(operation) on \(subject) as invalid ('\(shortServerMessage)'); "
                + "check that the items match the table's key schema."
        case .resourceInUse:
            return "Table '\(table ?? "")' is already being created, updated or deleted at endpoint \(e); "
                + "wait until it is ACTIVE and rerun."
        case .tooManyRequests, .requestTooLarge:
            return "\(operation) on \(subject) was not sent: \(detail ?? "it exceeds DynamoDB's limits"); "
                + "split it into smaller batches."
        case .tableNotActive:
            return "Table '\(table ?? "")' at endpoint \(e) did not become ACTIVE (\(detail ?? "")); "
                + "check it in the console and rerun."
        default:
            let what = answer.isEmpty ? (detail ?? code.name) : answer
            let id = requestId.map { " (request id '\($0)')" } ?? ""
            return "Endpoint \(e) answered \(what) to \(operation) on \(subject)\(id); "
                + "check the table's settings and the credentials' permissions."
        }
    }

    private var shortServerMessage: String {
        let text = serverMessage ?? serverCode ?? ""
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    /// Detail for the operator: status, server code and message, request id, transport detail, attempts.
    package var internalMessage: String {
        var parts = ["\(operation) \(code)"]
        if let table { parts.append("table \(table)") }
        if let httpStatus { parts.append("status \(httpStatus)") }
        if let serverCode { parts.append("code \(serverCode)") }
        if let serverMessage { parts.append("message \(serverMessage)") }
        if let requestId { parts.append("request id \(requestId)") }
        if let detail { parts.append(detail) }
        if attempts > 1 { parts.append("\(attempts) attempts") }
        return parts.joined(separator: "; ")
    }

    package var description: String { "\(message) [\(internalMessage)]" }
}

extension DynamoDBError.Code {
    /// The code for an HTTP answer, from the error's name when there is one, else from the status alone.
    ///
    /// Names from https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html;
    /// moto answers signature and key errors with IAM's XML names instead (`SignatureDoesNotMatch`,
    /// `InvalidClientTokenId`), which are mapped too.
    package static func classify(status: Int, serverCode: String?) -> DynamoDBError.Code {
        switch serverCode {
        case "ResourceNotFoundException": return .resourceNotFound
        case "AccessDeniedException", "AccessDenied": return .accessDenied
        case "UnrecognizedClientException", "InvalidClientTokenId", "MissingAuthenticationTokenException":
            return .unrecognizedClient
        case "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignatureException":
            return .signatureDoesNotMatch
        case "ExpiredTokenException", "ExpiredToken", "InvalidToken": return .invalidToken
        case "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded", "Throttling",
            "TooManyRequestsException":
            return .throttled
        case "InternalServerError", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException":
            return .serverError
        case "ValidationException", "SerializationException": return .validation
        case "ConditionalCheckFailedException": return .conditionalCheckFailed
        case "ResourceInUseException": return .resourceInUse
        case "LimitExceededException", "ItemCollectionSizeLimitExceededException": return .limitExceeded
        default: break
        }
        switch status {
        case 403: return .accessDenied
        case 429: return .throttled
        case 500...599: return .serverError
        default: return .http
        }
    }

    /// The code for a request that got no HTTP answer.
    package static func classify(_ transport: HTTPTransportError.Code) -> DynamoDBError.Code {
        switch transport {
        case .couldNotResolveHost: .couldNotResolveHost
        case .couldNotConnect: .couldNotConnect
        case .tlsFailure: .tlsFailure
        case .timedOut: .timedOut
        case .connectionLost: .connectionLost
        case .invalidURL: .invalidEndpoint
        default: .transport
        }
    }
}
