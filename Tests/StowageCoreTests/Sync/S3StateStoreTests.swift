import AWSCore
import Foundation
import Logging
import S3
import Testing

@testable import StowageCore

/// The S3 state and lease over a fake server with conditional writes, spelled as radosgw or as AWS accept them.
@Suite struct S3StateStoreTests {
    /// A bucket that honours `If-None-Match: *` and `If-Match`, with ETags in quotes as S3 sends them.
    final class ConditionalServer: HTTPTransport, @unchecked Sendable {
        // @unchecked: every field is guarded by `lock`.
        private let lock = NSLock()
        private var objects: [String: (body: [UInt8], etag: String)] = [:]
        private var counter = 0
        /// radosgw 16.2 matches only the bare ETag; a strict RFC 7232 server only the quoted one.
        let matchesQuoted: Bool
        let matchesBare: Bool
        let ignoresConditions: Bool
        private(set) var conditions: [String] = []

        init(matchesQuoted: Bool = true, matchesBare: Bool = true, ignoresConditions: Bool = false) {
            self.matchesQuoted = matchesQuoted
            self.matchesBare = matchesBare
            self.ignoresConditions = ignoresConditions
        }

        func object(_ key: String) -> [UInt8]? { lock.withLock { objects[key]?.body } }

        func put(_ key: String, _ text: String) {
            lock.withLock {
                counter += 1
                objects[key] = (Array(text.utf8), "\"v\(counter)\"")
            }
        }

        func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
            let path = request.url.split(separator: "?")[0].split(separator: "/", maxSplits: 3)
            let key = path.count > 3 ? String(path[3]).removingPercentEncoding! : ""
            return lock.withLock {
                let current = objects[key]
                switch request.method {
                case "PUT":
                    if let condition = request.header("if-none-match") {
                        conditions.append("if-none-match \(condition)")
                        if current != nil && !ignoresConditions { return Self.failed }
                    }
                    if let condition = request.header("if-match") {
                        conditions.append("if-match \(condition)")
                        let etag = current?.etag ?? ""
                        let bare = String(etag.dropFirst().dropLast())
                        let matches = (matchesQuoted && condition == etag) || (matchesBare && condition == bare)
                        if !matches && !ignoresConditions { return Self.failed }
                    }
                    counter += 1
                    let etag = "\"v\(counter)\""
                    objects[key] = (request.body, etag)
                    return HTTPResponse(status: 200, headers: [("etag", etag)])
                case "GET", "HEAD":
                    guard let current else {
                        return HTTPResponse(status: 404, body: Array("<Error><Code>NoSuchKey</Code></Error>".utf8))
                    }
                    return HTTPResponse(
                        status: 200,
                        headers: [("etag", current.etag), ("content-length", String(current.body.count))],
                        body: request.method == "GET" ? current.body : [])
                case "DELETE":
                    objects[key] = nil
                    return HTTPResponse(status: 204)
                default:
                    return HTTPResponse(status: 405)
                }
            }
        }

        static let failed = HTTPResponse(
            status: 412, body: Array("<Error><Code>PreconditionFailed</Code></Error>".utf8))
    }

    struct NoJitter: JitterSource {
        func nextFraction() -> Double { 0 }
    }

    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func store(_ server: ConditionalServer, leaseSeconds: Double = 60, pid: Int32 = 1) throws -> S3StateStore {
        var configuration = Configuration(bucketName: "state")
        configuration.endpoint = "http://127.0.0.1:7480"
        configuration.retryMaxAttempts = 1
        let s3 = try S3ObjectStore(
            configuration: configuration,
            environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret-value"],
            logger: logger, transport: server, jitter: NoJitter(), readFile: { _ in nil })
        let identity = RunIdentity(runID: UUID().uuidString, host: "host-\(pid)", pid: pid, startedAt: 1)
        return S3StateStore(
            client: s3.client, key: "runs/users.json", leaseSeconds: leaseSeconds, identity: identity, logger: logger)
    }

    @Test(arguments: [(true, true), (false, true), (true, false)])
    func oneRunAtATimeAndTheStateIsACompareAndSwap(quoted: Bool, bare: Bool) throws {
        let server = ConditionalServer(matchesQuoted: quoted, matchesBare: bare)
        let first = try Self.store(server, pid: 1)
        let second = try Self.store(server, pid: 2)
        #expect(try first.lock() == .acquired)
        guard case .held(let reason) = try second.lock() else {
            Issue.record("a second run took a held lease")
            return
        }
        #expect(reason.contains("pid 1 on host 'host-1'"))
        #expect(reason.contains("'s3://state/runs/users.json.lock'"))

        #expect(try first.load() == nil)
        try first.save(Array("[1]".utf8))
        try first.save(Array("[2]".utf8))
        try first.save(Array("[3]".utf8))
        #expect(server.object("runs/users.json") == Array("[3]".utf8))
        first.unlock()
        #expect(server.object("runs/users.json.lock") == nil, "the lease is deleted at the end")

        #expect(try second.lock() == .acquired)
        #expect(try second.load() == Array("[3]".utf8))
        try second.save(Array("[4]".utf8))
        second.unlock()
        #expect(server.conditions.contains { $0.hasPrefix("if-match") })
    }

    @Test func aStateChangedByAnotherRunIsNeverOverwritten() throws {
        let server = ConditionalServer(matchesQuoted: false)
        let store = try Self.store(server)
        #expect(try store.lock() == .acquired)
        _ = try store.load()
        try store.save(Array("[1]".utf8))
        server.put("runs/users.json", "[\"someone else\"]")
        let error = try #require(throws: SyncError.self) { try store.save(Array("[2]".utf8)) }
        #expect(error.code == .lockLost)
        #expect(server.object("runs/users.json") == Array("[\"someone else\"]".utf8))
        store.unlock()
    }

    @Test func aStateCreatedMeanwhileIsNeverOverwrittenEither() throws {
        let server = ConditionalServer()
        let store = try Self.store(server)
        #expect(try store.lock() == .acquired)
        #expect(try store.load() == nil)
        server.put("runs/users.json", "[0]")
        #expect(throws: SyncError.self) { try store.save(Array("[1]".utf8)) }
        store.unlock()
    }

    @Test func anExpiredLeaseIsTakenOverAndAFreshOneIsNot() throws {
        let server = ConditionalServer(matchesQuoted: false)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        func lease(renewedSecondsAgo: Int64) -> String {
            #"{"run_id":"crashed","host":"old","pid":9,"started_at":1,"renewed_at":\#(now - renewedSecondsAgo * 1000),"lease_seconds":60}"#
        }
        server.put("runs/users.json.lock", lease(renewedSecondsAgo: 30))
        guard case .held(let reason) = try Self.store(server).lock() else {
            Issue.record("a live lease was taken over")
            return
        }
        #expect(reason.contains("renewed 30 s ago for 60 s"))

        server.put("runs/users.json.lock", lease(renewedSecondsAgo: 61))
        let successor = try Self.store(server)
        #expect(try successor.lock() == .acquired)
        let taken = try JSONValue.parse(try #require(server.object("runs/users.json.lock")))
        #expect(taken["host"] == .string("host-1"))
        successor.unlock()
    }

    @Test func aLeaseTakenOverWhileRunningIsNoticedByTheHeartbeat() throws {
        let server = ConditionalServer(matchesQuoted: false)
        let store = try Self.store(server, leaseSeconds: 1)
        #expect(try store.lock() == .acquired)
        server.put(
            "runs/users.json.lock",
            #"{"run_id":"other","host":"h","pid":2,"started_at":1,"renewed_at":1,"lease_seconds":1}"#)
        for _ in 0..<40 where !store.lockLost { usleep(50_000) }
        #expect(store.lockLost)
        #expect(throws: SyncError.self) { try store.save(Array("[1]".utf8)) }
        store.unlock()
        #expect(server.object("runs/users.json.lock") != nil, "another run's lease is not deleted")
    }

    @Test func aServerThatIgnoresConditionsCannotHoldTheLock() throws {
        let server = ConditionalServer(ignoresConditions: true)
        let error = try #require(throws: StorageError.self) { try Self.store(server).lock() }
        #expect(error.code == .configuration)
        #expect(error.message.contains("If-None-Match"))
        #expect(server.object("runs/users.json.lock") == nil)
    }
}
