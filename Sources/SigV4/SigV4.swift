import Crypto

/// Constants and stateless helpers of AWS Signature Version 4, shared by the signer and its callers.
///
/// Spec: "Create a signed AWS API request", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
/// and, for S3, "Signature Calculations for the Authorization Header",
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
public enum SigV4 {
    /// The algorithm name that opens the string to sign and the authorization header.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// The payload hash that tells S3 the body is not covered by the signature.
    ///
    /// Stowage does not use it: it signs the SHA-256 of every body it sends (see `specs/sigv4.md`).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// The lowercase hex SHA-256 of the empty string, the payload hash of a request without a body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Returns the lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        return hex(hasher.finalize())
    }

    /// Returns the lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256Hex($0) }
    }

    /// Returns the lowercase hex SHA-256 of the UTF-8 bytes of `string`, without copying them.
    static func sha256Hex(utf8 string: String) -> String {
        var string = string
        return string.withUTF8 { sha256Hex(UnsafeRawBufferPointer($0)) }
    }
}
