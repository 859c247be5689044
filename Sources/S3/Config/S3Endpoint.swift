import AWSCore
import SigV4

/// Where S3 requests go, the region they are signed for, and how a bucket and key become a URL.
///
/// Resolution order (``resolve(configured:region:pathStyle:environment:)``): the `s3_endpoint` setting, then
/// `AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`, otherwise Amazon S3's regional endpoint
/// `https://s3.<region>.amazonaws.com`. The region: `s3_bucket_region`, then `AWS_REGION`, then
/// `AWS_DEFAULT_REGION`, otherwise `us-east-1`. Addressing: path-style (`endpoint/bucket/key`) by default
/// for custom endpoints, virtual-hosted (`bucket.endpoint/key`) for Amazon S3 when the bucket name allows it.
package struct S3Endpoint: Sendable, Equatable {
    /// "http" or "https".
    package var scheme: String
    /// A host name, an IPv4 address or a bracketed IPv6 address.
    package var host: String
    /// The port when the URL names one.
    package var port: Int?
    /// A path prefix in front of every request ("" or "/prefix"), already percent-encoded.
    package var basePath: String
    package var region: String
    package var pathStyle: Bool
    /// The endpoint as a user would recognise it, e.g. "http://127.0.0.1:7480"; for messages.
    package var displayURL: String

    /// Parses an endpoint URL such as `http://127.0.0.1:9000` or `https://s3.example.com/prefix`.
    package init(url: String, region: String, pathStyle: Bool? = nil) throws(S3Error) {
        let trimmed = url.trimmingASCIIWhitespace()
        guard let parsed = EndpointURL(trimmed) else {
            throw S3Error.setup(
                .invalidEndpoint,
                "Endpoint '\(trimmed)' is not an http or https URL; set 's3_endpoint' to a URL such as "
                    + "'http://127.0.0.1:9000', or leave it empty for Amazon S3.",
                endpoint: trimmed)
        }
        self.scheme = parsed.scheme
        self.host = parsed.host
        self.port = parsed.port
        self.basePath = parsed.basePath
        self.region = region.isEmpty ? "us-east-1" : region
        self.pathStyle = pathStyle ?? !S3Endpoint.isAmazonHost(parsed.host)
        self.displayURL = parsed.displayURL
    }

    /// Amazon S3's regional endpoint, virtual-hosted unless `pathStyle` says otherwise.
    package static func aws(region: String, pathStyle: Bool? = nil) -> S3Endpoint {
        let region = region.isEmpty ? "us-east-1" : region
        let domain = EndpointURL.awsDomain(region: region)
        // A URL built from a region name always parses.
        return try! S3Endpoint(url: "https://s3.\(region).\(domain)", region: region, pathStyle: pathStyle ?? false)
    }

    /// The endpoint from the configuration, then the environment, then Amazon S3 (see the type's summary).
    package static func resolve(
        configured: String, region: String, pathStyle: Bool?, environment: [String: String]
    ) throws(S3Error) -> S3Endpoint {
        let region = EndpointURL.region(configured: region, environment: environment)
        if let url = EndpointURL.configured(
            configured, serviceVariable: "AWS_ENDPOINT_URL_S3", environment: environment)
        {
            return try S3Endpoint(url: url, region: region, pathStyle: pathStyle)
        }
        return .aws(region: region, pathStyle: pathStyle)
    }

    static func isAmazonHost(_ host: String) -> Bool {
        host.hasSuffix(".amazonaws.com") || host.hasSuffix(".amazonaws.com.cn")
    }

    /// Whether `bucket` can be a DNS label in front of the host (virtual-hosted addressing).
    ///
    /// Names with dots are kept path-style over https, where `*.host` certificates would not match them.
    package func allowsVirtualHost(bucket: String) -> Bool {
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func isLowerAlnum(_ b: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
        }
        guard isLowerAlnum(bytes.first!), isLowerAlnum(bytes.last!) else { return false }
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: ".") {
                if scheme == "https" || bytes[i - 1] == UInt8(ascii: ".") { return false }
            } else if !(isLowerAlnum(b) || b == UInt8(ascii: "-")) {
                return false
            }
        }
        return true
    }

    /// Where one request goes: the `Host` header, the wire path (percent-encoded) and the URL without query.
    package struct Target: Sendable, Equatable {
        package var host: String
        package var path: String
        package var url: String
    }

    /// The target for a bucket request (`key == nil`) or an object request.
    ///
    /// Keys are encoded with SigV4's URI encoding, slashes kept: the wire path is the canonical path.
    package func target(bucket: String, key: String?) -> Target {
        let hostPort = port.map { "\(host):\($0)" } ?? host
        let encodedKey = key.map { SigV4.uriEncode($0, encodeSlash: false) }
        let virtual = !pathStyle && allowsVirtualHost(bucket: bucket)
        let requestHost = virtual ? "\(bucket).\(hostPort)" : hostPort
        var path = basePath
        if !virtual {
            path += "/" + SigV4.uriEncode(bucket, encodeSlash: true)
        }
        if let encodedKey {
            path += "/" + encodedKey
        } else if virtual {
            path += "/"
        }
        return Target(host: requestHost, path: path, url: "\(scheme)://\(requestHost)\(path)")
    }
}
