import Crypto

/// Signs HTTP requests with AWS Signature Version 4 in the `Authorization` header.
///
/// A value type with no clock and no cache: the request time is a parameter, so the same inputs always give the
/// same headers. Each stage of the spec is public so tests can check it against published vectors.
/// Spec: "Create a signed AWS API request", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
/// and, for S3, https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
public struct SigV4Signer: Sendable {
    /// The credentials whose secret derives the signing key.
    public var credentials: SigV4Credentials
    /// The region of the credential scope, such as `us-east-1`.
    public var region: String
    /// The service of the credential scope, `s3` for Stowage.
    public var service: String
    /// Whether the canonical URI is the wire path URI-encoded once more; true for every service but S3.
    public var doubleURIEncode: Bool
    /// Whether empty, `.` and `..` path segments are removed before encoding; true for every service but S3.
    public var normalizeURIPath: Bool

    /// Creates a signer; `normalizeURIPath` follows `doubleURIEncode`, as AWS services other than S3 want both.
    public init(credentials: SigV4Credentials, region: String, service: String, doubleURIEncode: Bool = false) {
        self.init(
            credentials: credentials,
            region: region,
            service: service,
            doubleURIEncode: doubleURIEncode,
            normalizeURIPath: doubleURIEncode
        )
    }

    /// Creates a signer with path encoding and path normalisation chosen separately.
    public init(
        credentials: SigV4Credentials,
        region: String,
        service: String,
        doubleURIEncode: Bool,
        normalizeURIPath: Bool
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.doubleURIEncode = doubleURIEncode
        self.normalizeURIPath = normalizeURIPath
    }

    /// Returns the headers to add to the request: authorization, x-amz-date, x-amz-content-sha256
    /// (= payloadHash), and x-amz-security-token when a session token is set.
    ///
    /// - Parameters:
    ///   - method: The HTTP method, such as `PUT`.
    ///   - path: The URI path exactly as sent on the wire (already percent-encoded by the caller with
    ///     `SigV4.uriEncode`). S3 uses it unchanged (`doubleURIEncode` false); other services encode it again.
    ///   - query: Unencoded name/value pairs; the caller must send them as `SigV4.canonicalQueryString(query)`.
    ///   - headers: Every header that will be sent and signed, including `host`; names are case-insensitive.
    ///     Any `authorization`, `x-amz-date`, `x-amz-content-sha256` or `x-amz-security-token` given here is
    ///     ignored: the signer sets those itself.
    ///   - payloadHash: The lowercase hex SHA-256 of the body, or `SigV4.unsignedPayload`.
    ///   - timestamp: The request time in seconds since 1970 UTC.
    /// - Returns: Lowercase header names with their values, `authorization` first.
    public func signedHeaders(
        method: String,
        path: String,
        query: [(String, String)],
        headers: [(String, String)],
        payloadHash: String,
        timestamp: Int
    ) -> [(String, String)] {
        var added = [("x-amz-date", SigV4.amzDate(timestamp)), ("x-amz-content-sha256", payloadHash)]
        if let token = credentials.sessionToken {
            added.append(("x-amz-security-token", token))
        }
        var signed = headers.filter { !Self.signerOwnedHeaders.contains($0.0.lowercased()) }
        signed += added

        let canonical = SigV4.canonicalHeaders(signed)
        let request = canonicalRequest(
            method: method,
            canonicalURI: canonicalURI(path),
            canonicalQueryString: SigV4.canonicalQueryString(query),
            canonicalHeaders: canonical.canonicalHeaders,
            signedHeaders: canonical.signedHeaders,
            payloadHash: payloadHash
        )
        let toSign = stringToSign(canonicalRequest: request, timestamp: timestamp)
        let key = signingKey(dateStamp: SigV4.dateStamp(timestamp))
        let authorization = authorization(
            signedHeaders: canonical.signedHeaders,
            signature: signature(stringToSign: toSign, signingKey: key),
            timestamp: timestamp
        )
        return [("authorization", authorization)] + added
    }

    /// Returns the canonical request of a request whose signed headers are exactly `headers`.
    ///
    /// Spec: Step 1, "Create a canonical request",
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    /// `path`, `query` and `payloadHash` mean what they mean for `signedHeaders(...)`; unlike that method,
    /// this one adds no header.
    public func canonicalRequest(
        method: String,
        path: String,
        query: [(String, String)],
        headers: [(String, String)],
        payloadHash: String
    ) -> String {
        let canonical = SigV4.canonicalHeaders(headers)
        return canonicalRequest(
            method: method,
            canonicalURI: canonicalURI(path),
            canonicalQueryString: SigV4.canonicalQueryString(query),
            canonicalHeaders: canonical.canonicalHeaders,
            signedHeaders: canonical.signedHeaders,
            payloadHash: payloadHash
        )
    }

    /// Returns the canonical URI for a wire path: normalised and encoded again when this signer is set to.
    ///
    /// Spec: Step 1, "CanonicalURI"; an empty path is `/`.
    public func canonicalURI(_ path: String) -> String {
        var uri = path.isEmpty ? "/" : path
        if normalizeURIPath {
            uri = SigV4.normalizedPath(uri)
        }
        if doubleURIEncode {
            uri = SigV4.uriEncode(uri, encodeSlash: false)
        }
        return uri
    }

    /// Returns the credential scope, `date/region/service/aws4_request`.
    public func credentialScope(dateStamp: String) -> String {
        "\(dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// Returns the string to sign: the algorithm, the request time, the credential scope and the hex SHA-256 of
    /// the canonical request, one a line.
    ///
    /// Spec: Step 2, "Create a hash of the canonical request", and Step 3, "Create a string to sign",
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    public func stringToSign(canonicalRequest: String, timestamp: Int) -> String {
        let scope = credentialScope(dateStamp: SigV4.dateStamp(timestamp))
        let hash = SigV4.sha256Hex(utf8: canonicalRequest)
        return "\(SigV4.algorithm)\n\(SigV4.amzDate(timestamp))\n\(scope)\n\(hash)"
    }

    /// Returns the signing key, `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    ///
    /// Spec: Step 4, "Calculate the signature" (deriving the signing key),
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    public func signingKey(dateStamp: String) -> [UInt8] {
        var key = Array("AWS4\(credentials.secretAccessKey)".utf8)
        for part in [dateStamp, region, service, "aws4_request"] {
            key = Self.hmac(key: key, message: part)
        }
        return key
    }

    /// Returns the signature: the lowercase hex HMAC-SHA256 of the string to sign under the signing key.
    ///
    /// Spec: Step 4, "Calculate the signature",
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    public func signature(stringToSign: String, signingKey: [UInt8]) -> String {
        var message = stringToSign
        let code = message.withUTF8 { bytes in
            var mac = HMAC<SHA256>(key: SymmetricKey(data: signingKey))
            mac.update(data: UnsafeRawBufferPointer(bytes))
            return mac.finalize()
        }
        return SigV4.hex(code)
    }

    /// Returns the `Authorization` header value:
    /// `AWS4-HMAC-SHA256 Credential=key/scope, SignedHeaders=names, Signature=hex`.
    ///
    /// Spec: Step 5, "Add the signature to the request",
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    public func authorization(signedHeaders: String, signature: String, timestamp: Int) -> String {
        let scope = credentialScope(dateStamp: SigV4.dateStamp(timestamp))
        return "\(SigV4.algorithm) Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// The lowercase names `signedHeaders(...)` sets itself and drops from the caller's headers.
    static let signerOwnedHeaders: Set<String> = [
        "authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token",
    ]

    /// Joins the six parts of a canonical request, one a line.
    func canonicalRequest(
        method: String,
        canonicalURI: String,
        canonicalQueryString: String,
        canonicalHeaders: String,
        signedHeaders: String,
        payloadHash: String
    ) -> String {
        "\(method)\n\(canonicalURI)\n\(canonicalQueryString)\n\(canonicalHeaders)\n\(signedHeaders)\n\(payloadHash)"
    }

    /// Returns the HMAC-SHA256 of the UTF-8 bytes of `message` under `key`.
    static func hmac(key: [UInt8], message: String) -> [UInt8] {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: key))
        mac.update(data: Array(message.utf8))
        return mac.finalize().withUnsafeBytes { Array($0) }
    }
}
