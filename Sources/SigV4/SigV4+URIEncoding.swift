extension SigV4 {
    /// Percent-encodes `s` the way SigV4 requires: RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) are
    /// kept, every other UTF-8 byte becomes `%XX` with uppercase hex, and `/` is kept unless `encodeSlash`.
    ///
    /// Spec: the `UriEncode` function of "Signature Calculations for the Authorization Header",
    /// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
    /// Object keys go through it with `encodeSlash: false`; query names and values with `encodeSlash: true`.
    public static func uriEncode(_ s: String, encodeSlash: Bool) -> String {
        let utf8 = s.utf8
        var count = 0
        for byte in utf8 {
            count += isKept(byte, encodeSlash: encodeSlash) ? 1 : 3
        }
        if count == utf8.count {
            return s
        }
        let digits: StaticString = "0123456789ABCDEF"
        return digits.withUTF8Buffer { table in
            String(unsafeUninitializedCapacity: count) { out in
                var i = 0
                for byte in utf8 {
                    if isKept(byte, encodeSlash: encodeSlash) {
                        out[i] = byte
                        i += 1
                    } else {
                        out[i] = UInt8(ascii: "%")
                        out[i + 1] = table[Int(byte >> 4)]
                        out[i + 2] = table[Int(byte & 0x0F)]
                        i += 3
                    }
                }
                return i
            }
        }
    }

    /// Returns the canonical query string: each name and value URI-encoded (slash included), the pairs sorted
    /// by encoded name then encoded value, written `name=value` and joined by `&`; an empty value keeps its `=`.
    ///
    /// Spec: Step 1, "CanonicalQueryString", of "Create a signed AWS API request",
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    /// ("The sorting occurs after encoding" in the S3 text). Send the query exactly as this returns it.
    public static func canonicalQueryString(_ query: [(String, String)]) -> String {
        if query.isEmpty {
            return ""
        }
        let encoded = query.map { (uriEncode($0.0, encodeSlash: true), uriEncode($0.1, encodeSlash: true)) }
            .sorted { a, b in
                if a.0 != b.0 {
                    return a.0.utf8.lexicographicallyPrecedes(b.0.utf8)
                }
                return a.1.utf8.lexicographicallyPrecedes(b.1.utf8)
            }
        var result = ""
        result.reserveCapacity(encoded.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count + 2 })
        for (index, pair) in encoded.enumerated() {
            if index > 0 {
                result += "&"
            }
            result += pair.0
            result += "="
            result += pair.1
        }
        return result
    }

    /// Returns `path` with empty, `.` and `..` segments removed, keeping a trailing slash, as RFC 3986
    /// section 5.2.4 and the SigV4 spec ask of every service but S3.
    ///
    /// Spec: Step 1, "CanonicalURI": "Normalize URI paths according to RFC 3986",
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    /// Examples from the aws-signing-test-suite: `//example//` → `/example/`, `/example/..` → `/`,
    /// `/./example` → `/example`.
    public static func normalizedPath(_ path: String) -> String {
        let raw = path.split(separator: "/", omittingEmptySubsequences: false)
        var segments: [Substring] = []
        for segment in raw {
            switch segment {
            case "", ".":
                continue
            case "..":
                _ = segments.popLast()
            default:
                segments.append(segment)
            }
        }
        var result = "/" + segments.joined(separator: "/")
        let endsInDirectory = raw.last.map { $0.isEmpty || $0 == "." || $0 == ".." } ?? false
        if endsInDirectory && !segments.isEmpty {
            result += "/"
        }
        return result
    }

    /// Whether `byte` stays as it is in a URI-encoded string: RFC 3986 unreserved, or `/` when slashes are kept.
    @inline(__always)
    static func isKept(_ byte: UInt8, encodeSlash: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        case UInt8(ascii: "/"):
            return !encodeSlash
        default:
            return false
        }
    }
}
