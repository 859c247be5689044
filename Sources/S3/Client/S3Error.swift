import AWSCore

/// A failed S3 request, classified as retryable, configuration or other, with a one-sentence message for users.
///
/// The message names the bucket, key, endpoint or access key id and the fix; it never holds a secret, since
/// neither the secret nor the signature ever reaches an `S3Error`.
package struct S3Error: AWSServiceError, Sendable, CustomStringConvertible {
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
        package static let noSuchBucket = Code(name: "noSuchBucket", category: .configuration)
        package static let accessDenied = Code(name: "accessDenied", category: .configuration)
        package static let invalidAccessKeyId = Code(name: "invalidAccessKeyId", category: .configuration)
        package static let signatureDoesNotMatch = Code(name: "signatureDoesNotMatch", category: .configuration)
        package static let wrongRegion = Code(name: "wrongRegion", category: .configuration)
        package static let clockSkew = Code(name: "clockSkew", category: .configuration)
        package static let invalidToken = Code(name: "invalidToken", category: .configuration)
        package static let invalidBucketName = Code(name: "invalidBucketName", category: .configuration)
        package static let tlsFailure = Code(name: "tlsFailure", category: .configuration)
        package static let couldNotResolveHost = Code(name: "couldNotResolveHost", category: .configuration)
        package static let invalidEndpoint = Code(name: "invalidEndpoint", category: .configuration)
        package static let missingCredentials = Code(name: "missingCredentials", category: .configuration)
        // Retryable.
        package static let serverError = Code(name: "serverError", category: .retryable)
        package static let slowDown = Code(name: "slowDown", category: .retryable)
        package static let requestTimeout = Code(name: "requestTimeout", category: .retryable)
        package static let timedOut = Code(name: "timedOut", category: .retryable)
        package static let connectionLost = Code(name: "connectionLost", category: .retryable)
        package static let couldNotConnect = Code(name: "couldNotConnect", category: .retryable)
        // Other.
        package static let noSuchUpload = Code(name: "noSuchUpload", category: .other)
        package static let noSuchKey = Code(name: "noSuchKey", category: .other)
        /// A conditional request's condition failed (412): an If-None-Match PUT found the key taken.
        package static let preconditionFailed = Code(name: "preconditionFailed", category: .other)
        package static let objectTooLarge = Code(name: "objectTooLarge", category: .other)
        package static let deleteFailed = Code(name: "deleteFailed", category: .other)
        package static let invalidResponse = Code(name: "invalidResponse", category: .other)
        package static let uploadFinished = Code(name: "uploadFinished", category: .other)
        package static let transport = Code(name: "transport", category: .other)
        package static let http = Code(name: "http", category: .other)
    }

    package var code: Code
    /// The S3 operation, e.g. "PutObject".
    package var operation: String
    package var bucket: String
    package var key: String?
    /// The endpoint as configured, e.g. "http://127.0.0.1:7480".
    package var endpoint: String
    package var accessKeyId: String?
    /// The region requests were signed for.
    package var region: String?
    /// The bucket's region when the server told it (`x-amz-bucket-region`, `<Region>`).
    package var bucketRegion: String?
    package var httpStatus: Int?
    /// The server's `<Code>`, e.g. "SlowDown"; `<Message>` is not used (radosgw leaves it empty).
    package var serverCode: String?
    package var requestId: String?
    /// Transport detail (curl's message) or what was wrong with a response.
    package var detail: String?
    /// Attempts made before giving up, the first included.
    package var attempts: Int = 1
    /// Replaces the generated message; for errors found before any request (endpoint, credentials).
    package var customMessage: String?

    package init(
        _ code: Code, operation: String, bucket: String, key: String? = nil, endpoint: String,
        accessKeyId: String? = nil, region: String? = nil, httpStatus: Int? = nil, serverCode: String? = nil,
        requestId: String? = nil, detail: String? = nil
    ) {
        self.code = code
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.endpoint = endpoint
        self.accessKeyId = accessKeyId
        self.region = region
        self.httpStatus = httpStatus
        self.serverCode = serverCode
        self.requestId = requestId
        self.detail = detail
    }

    /// An error found before any request was made, with its own message.
    package static func setup(_ code: Code, _ message: String, endpoint: String = "", bucket: String = "") -> S3Error {
        var error = S3Error(code, operation: "Setup", bucket: bucket, endpoint: endpoint)
        error.customMessage = message
        return error
    }

    package var category: Category { code.category }
    package var isRetryable: Bool { code.category == .retryable }

    /// One sentence for a user: what failed, the value in single quotes, the fix.
    package var message: String {
        if let customMessage { return customMessage }
        let b = "'\(bucket)'"
        let e = "'\(endpoint)'"
        let k = "'\(accessKeyId ?? "")'"
        let object = key.map { "object '\($0)' in bucket \(b)" } ?? "bucket \(b)"
        let answer = httpStatus.map { status in "HTTP \(status)" + (serverCode.map { " \($0)" } ?? "") } ?? ""
        switch code {
        case .noSuchBucket:
            return "Bucket \(b) does not exist at endpoint \(e); create it or correct 's3_bucket_name'."
        case .accessDenied:
            return "Access key \(k) was denied \(operation) on \(object) at endpoint \(e); "
                + "grant it that permission or use other credentials."
        case .invalidAccessKeyId:
            return "Access key \(k) is not known at endpoint \(e); correct 'access_key_id'."
        case .signatureDoesNotMatch:
            return "The secret key given for access key \(k) was rejected by endpoint \(e); "
                + "correct 'secret_access_key'."
        case .wrongRegion:
            if let bucketRegion, bucketRegion != region {
                return "Bucket \(b) is in region '\(bucketRegion)', not '\(region ?? "")'; "
                    + "set 's3_bucket_region' to '\(bucketRegion)'."
            }
            return "Bucket \(b) is not in region '\(region ?? "")' at endpoint \(e); correct 's3_bucket_region'."
        case .clockSkew:
            return "Endpoint \(e) rejected the request time of this machine; synchronise its clock (NTP)."
        case .invalidToken:
            return "The session token of access key \(k) is invalid or expired at endpoint \(e); "
                + "refresh AWS_SESSION_TOKEN or the profile's credentials."
        case .invalidBucketName:
            return "Bucket name \(b) is not valid at endpoint \(e); correct 's3_bucket_name'."
        case .tlsFailure:
            return "The TLS connection to endpoint \(e) failed (\(detail ?? "certificate not verified")); "
                + "fix the server's certificate or trust its CA with AWS_CA_BUNDLE."
        case .couldNotResolveHost:
            return "The host of endpoint \(e) could not be resolved; correct 's3_endpoint' or the DNS settings."
        case .couldNotConnect:
            return "Could not connect to endpoint \(e) after \(attempts) attempts; "
                + "check 's3_endpoint' and that the server is running."
        case .slowDown:
            return "Endpoint \(e) kept throttling \(operation) on \(object) (\(answer)) after \(attempts) attempts; "
                + "retry later or lower the upload concurrency."
        case .serverError, .requestTimeout:
            return "Endpoint \(e) kept failing \(operation) on \(object) (\(answer)) after \(attempts) attempts; "
                + "retry later."
        case .timedOut, .connectionLost:
            return "The connection to endpoint \(e) \(code == .timedOut ? "timed out" : "was lost") during "
                + "\(operation) on \(object) after \(attempts) attempts; retry later."
        case .noSuchUpload:
            return "The multipart upload of \(object) no longer exists at endpoint \(e); "
                + "rerun the sync and check the bucket's lifecycle rules for aborted uploads."
        case .objectTooLarge:
            return "Object '\(key ?? "")' would exceed S3's 10,000 parts; lower the maximum file size."
        default:
            let what = answer.isEmpty ? (detail ?? code.name) : answer
            let id = requestId.map { " (request id '\($0)')" } ?? ""
            return "Endpoint \(e) answered \(what) to \(operation) on \(object)\(id); "
                + "check the bucket's settings and permissions."
        }
    }

    /// Detail for the operator: status, server code, request id, transport detail, attempts. Never a secret.
    package var internalMessage: String {
        var parts = ["\(operation) \(code)"]
        if let httpStatus { parts.append("status \(httpStatus)") }
        if let serverCode { parts.append("code \(serverCode)") }
        if let requestId { parts.append("request id \(requestId)") }
        if let detail { parts.append(detail) }
        if attempts > 1 { parts.append("\(attempts) attempts") }
        return parts.joined(separator: "; ")
    }

    package var description: String { "\(message) [\(internalMessage)]" }
}

extension S3Error.Code {
    /// The code for an HTTP answer, from the server's `<Code>` when there is one, else from the status alone.
    ///
    /// `isBucketRequest` tells a bare 404 (HEAD has no body) apart: NoSuchBucket for a bucket request,
    /// NoSuchKey for an object request.
    package static func classify(status: Int, serverCode: String?, isBucketRequest: Bool) -> S3Error.Code {
        switch serverCode {
        case "NoSuchBucket": return .noSuchBucket
        case "AccessDenied", "AllAccessDisabled", "AccountProblem": return .accessDenied
        case "InvalidAccessKeyId", "NotSignedUp": return .invalidAccessKeyId
        case "SignatureDoesNotMatch": return .signatureDoesNotMatch
        case "AuthorizationHeaderMalformed", "PermanentRedirect", "TemporaryRedirect",
            "IllegalLocationConstraintException", "AuthorizationQueryParametersError":
            return .wrongRegion
        case "RequestTimeTooSkewed": return .clockSkew
        case "ExpiredToken", "InvalidToken", "TokenRefreshRequired": return .invalidToken
        case "InvalidBucketName": return .invalidBucketName
        case "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequests",
            "RequestThrottled":
            return .slowDown
        case "InternalError", "ServiceUnavailable", "InternalServerError": return .serverError
        case "RequestTimeout": return .requestTimeout
        case "NoSuchUpload": return .noSuchUpload
        case "NoSuchKey": return .noSuchKey
        case "PreconditionFailed": return .preconditionFailed
        default: break
        }
        switch status {
        case 301, 307: return .wrongRegion
        case 403: return .accessDenied
        case 404: return isBucketRequest ? .noSuchBucket : .noSuchKey
        case 408: return .requestTimeout
        case 412: return .preconditionFailed
        case 429, 503: return .slowDown
        case 500...599: return .serverError
        default: return .http
        }
    }

    /// The code for a request that got no HTTP answer.
    package static func classify(_ transport: HTTPTransportError.Code) -> S3Error.Code {
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
