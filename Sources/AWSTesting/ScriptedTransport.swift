import AWSCore
import Synchronization

/// A transport for tests that answers each request with a scripted reply and records what was sent.
package final class ScriptedTransport: HTTPTransport {
    /// The answer to a request, given the request and how many came before it.
    package typealias Reply = @Sendable (HTTPRequest, Int) -> Result<HTTPResponse, HTTPTransportError>
    private let reply: Reply
    private let sent = Mutex([HTTPRequest]())

    package init(_ reply: @escaping Reply) {
        self.reply = reply
    }

    /// Answers the n-th request with `responses[n]`, and every later one with the last.
    package convenience init(responses: [Result<HTTPResponse, HTTPTransportError>]) {
        self.init { _, index in responses[min(index, responses.count - 1)] }
    }

    /// Every request sent so far, in order.
    package var requests: [HTTPRequest] { sent.withLock { $0 } }

    package func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        let index = sent.withLock {
            $0.append(request)
            return $0.count - 1
        }
        return try reply(request, index).get()
    }
}
