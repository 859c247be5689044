/// A service endpoint given as a URL, such as `http://127.0.0.1:9000` or `https://s3.example.com/prefix`.
///
/// Only `http` and `https`, no user info, query or fragment; the host is lower-cased and a trailing slash
/// dropped. Each service turns a nil into its own configuration error naming its setting.
package struct EndpointURL: Sendable, Equatable {
    /// "http" or "https".
    package var scheme: String
    /// A host name, an IPv4 address or a bracketed IPv6 address.
    package var host: String
    /// The port when the URL names one.
    package var port: Int?
    /// A path prefix in front of every request ("" or "/prefix"), already percent-encoded.
    package var basePath: String
    /// The URL as a user would recognise it, without a trailing slash; for messages.
    package var displayURL: String

    /// Parses `url`, surrounding whitespace ignored; nil when it is not an http or https URL of that shape.
    package init?(_ url: String) {
        let trimmed = url.trimmingASCIIWhitespace()
        guard let schemeEnd = trimmed.firstRange(of: "://") else { return nil }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = trimmed[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if authority.contains("@") { return nil }
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else {
                return nil
            }
            port = value
            authority = authority[..<colon]
        }
        guard !authority.isEmpty else { return nil }
        var path = String(rest[authorityEnd...])
        if path.contains("?") || path.contains("#") { return nil }
        while path.hasSuffix("/") { path.removeLast() }

        self.scheme = scheme
        self.host = authority.lowercased()
        self.port = port
        self.basePath = path
        self.displayURL = trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
    }

    /// The `Host` header: the host, with the port when the URL names one.
    package var hostHeader: String {
        port.map { "\(host):\($0)" } ?? host
    }

    /// The first endpoint URL set, trimmed: `configured`, then `AWS_ENDPOINT_URL_<SERVICE>`, then
    /// `AWS_ENDPOINT_URL`; nil when none is, so that the service's AWS endpoint applies.
    ///
    /// `serviceVariable` is the service's own variable, e.g. `AWS_ENDPOINT_URL_DYNAMODB`
    /// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
    package static func configured(
        _ configured: String, serviceVariable: String, environment: [String: String]
    ) -> String? {
        [configured, environment[serviceVariable] ?? "", environment["AWS_ENDPOINT_URL"] ?? ""]
            .map { $0.trimmingASCIIWhitespace() }
            .first { !$0.isEmpty }
    }

    /// The region to sign for: `configured`, then `AWS_REGION`, then `AWS_DEFAULT_REGION`, else `us-east-1`.
    package static func region(configured: String, environment: [String: String]) -> String {
        [configured, environment["AWS_REGION"] ?? "", environment["AWS_DEFAULT_REGION"] ?? ""]
            .map { $0.trimmingASCIIWhitespace() }
            .first { !$0.isEmpty } ?? "us-east-1"
    }

    /// The DNS suffix of AWS's endpoints in `region`: `amazonaws.com.cn` in China, else `amazonaws.com`.
    package static func awsDomain(region: String) -> String {
        region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    }
}
