import Foundation
import SigV4
import Testing

@testable import AWSCore

/// ``CurlTransport`` against a small Python HTTP(S) server on 127.0.0.1 that echoes what it received:
/// method, path, the body's SHA-256, the client's port (the same port means a reused connection), `Expect`.
@Suite(.serialized)
struct CurlTransportTests {
    static let serverSource = """
        import hashlib, http.server, ssl, sys
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def answer(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                out = ("%s %s %s %d %s" % (self.command, self.path, hashlib.sha256(body).hexdigest(),
                       self.client_address[1], self.headers.get("Expect", "-"))).encode()
                self.send_response(404 if self.path.endswith("/missing") else 200)
                self.send_header("X-Echo", "Yes")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(out)
            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = answer
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        if len(sys.argv) > 2:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[1], sys.argv[2])
            server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// The echo server as a child process, killed when this is released.
    final class EchoServer {
        let port: Int
        private let process = Process()

        init(arguments: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", CurlTransportTests.serverSource] + arguments
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    func echo(_ response: HTTPResponse) -> [String] {
        String(decoding: response.body, as: UTF8.self).split(separator: " ").map(String.init)
    }

    @Test func sendsBodiesAndReusesTheConnection() throws {
        let server = try EchoServer()
        let transport = CurlTransport()
        let small = Array("hello".utf8)
        let large = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let base = "http://127.0.0.1:\(server.port)"
        let put = try transport.send(HTTPRequest(method: "PUT", url: base + "/b/a%20b?x=1", headers: [], body: small))
        #expect(put.status == 200)
        #expect(put.header("x-echo") == "Yes")
        let first = echo(put)
        #expect(first[0...2] == ["PUT", "/b/a%20b?x=1", SigV4.sha256Hex(small)])
        #expect(first[4] == "-")
        let post = echo(
            try transport.send(HTTPRequest(method: "POST", url: base + "/b?delete=", headers: [], body: large)))
        #expect(post[0...2] == ["POST", "/b?delete=", SigV4.sha256Hex(large)])
        #expect(post[4] == "100-continue")
        let get = echo(try transport.send(HTTPRequest(method: "GET", url: base + "/b/./../k", headers: [])))
        #expect(get[0...1] == ["GET", "/b/./../k"])
        let delete = echo(try transport.send(HTTPRequest(method: "DELETE", url: base + "/k", headers: [])))
        #expect(delete[0] == "DELETE")
        #expect(Set([first[3], post[3], get[3], delete[3]]).count == 1, "one keep-alive connection")
        let head = try transport.send(HTTPRequest(method: "HEAD", url: base + "/missing", headers: []))
        #expect(head.status == 404)
        #expect(head.body.isEmpty)
    }

    @Test func aClosedPortIsCouldNotConnect() {
        let error = #expect(throws: HTTPTransportError.self) {
            try CurlTransport().send(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/", headers: []))
        }
        #expect(error?.code == .couldNotConnect)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
    func tlsIsVerifiedUnlessTheCAIsTrusted() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stowage-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)

        let server = try EchoServer(arguments: [cert, key])
        let url = "https://127.0.0.1:\(server.port)/b/k"
        let error = #expect(throws: HTTPTransportError.self) {
            try CurlTransport().send(HTTPRequest(method: "GET", url: url, headers: []))
        }
        #expect(error?.code == .tlsFailure)
        var options = CurlTransport.Options()
        options.caBundlePath = cert
        #expect(
            try CurlTransport(options: options).send(HTTPRequest(method: "GET", url: url, headers: [])).status == 200)
    }
}
