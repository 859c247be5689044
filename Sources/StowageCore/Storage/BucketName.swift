/// The rules a bucket name must follow before anything is sent or created.
///
/// Everywhere: one plain name, never `.`, `..`, or anything with `/`, `\`, whitespace or control characters, so
/// that a local bucket is one folder inside the endpoint's directory and an S3 request names one bucket. On
/// Amazon S3 (an empty `s3_endpoint`) also AWS's naming rules: 3–63 characters of lowercase letters, digits,
/// dots and hyphens, starting and ending with a letter or digit.
enum BucketName {
    /// Throws a ``ConfigError`` naming the bucket and the rule it breaks.
    static func validate(_ name: String, amazon: Bool) throws(ConfigError) {
        let bytes = Array(name.utf8)
        let plain =
            !bytes.isEmpty && bytes.count <= 255 && name != "." && name != ".."
            && !bytes.contains { $0 <= 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }
        guard plain else {
            throw ConfigError(
                "'s3_bucket_name' '\(name)' is not one plain bucket name; use a name without '/', '\\', spaces or control characters that is not '.' or '..'."
            )
        }
        guard amazon else { return }
        let allowed = bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
        let edges = [bytes.first!, bytes.last!].allSatisfy { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "-") }
        guard allowed, edges, (3...63).contains(bytes.count), !name.contains("..") else {
            throw ConfigError(
                "'s3_bucket_name' '\(name)' breaks Amazon S3's bucket naming rules; use 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit."
            )
        }
    }
}
