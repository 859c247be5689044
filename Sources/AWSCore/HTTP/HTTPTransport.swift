/// One HTTP request whose whole body is in memory.
package struct HTTPRequest: Sendable {
    package var method: String
    /// The absolute URL exactly as sent: already percent-encoded, query included.
    package var url: String
    /// Header names in lower case, `host` included; the transport adds `content-length` itself.
    package var headers: [(String, String)]
    /// Sent as it is; a transport reads it in place and never copies it.
    package var body: [UInt8]

    package init(method: String, url: String, headers: [(String, String)], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first header with this lower-case name.
    package func header(_ name: String) -> String? {
        headers.first { $0.0 == name }?.1
    }
}

/// A complete HTTP response; its body is held in memory (API answers are small, except S3's GetObject).
package struct HTTPResponse: Sendable {
    package var status: Int
    /// Header names in lower case, in the order received.
    package var headers: [(String, String)]
    package var body: [UInt8]

    package init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this lower-case name.
    package func header(_ name: String) -> String? {
        headers.first { $0.0 == name }?.1
    }
}

/// Sends one HTTP request and waits for the whole response: the seam between the AWS clients and the network.
///
/// Calls block the calling thread and may come from many threads at once. The real implementation is
/// ``CurlTransport``; the tests' in-memory fakes (`InMemoryS3Transport`, `InMemoryDynamoDB`) live in the
/// AWSTesting target.
package protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status; throws only when no response arrived.
    func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse
}

/// A request that got no HTTP response: DNS, connect, TLS, timeout or a dropped connection.
package struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String
        package var description: String { name }

        package static let couldNotResolveHost = Code(name: "couldNotResolveHost")
        package static let couldNotConnect = Code(name: "couldNotConnect")
        package static let tlsFailure = Code(name: "tlsFailure")
        package static let timedOut = Code(name: "timedOut")
        /// The connection broke after the request started: reset, empty reply, partial response.
        package static let connectionLost = Code(name: "connectionLost")
        package static let invalidURL = Code(name: "invalidURL")
        package static let other = Code(name: "other")
    }

    package var code: Code
    /// What the HTTP library said, e.g. curl's error buffer.
    package var detail: String

    package init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    package var description: String { "\(code): \(detail)" }
}
