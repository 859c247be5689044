import AWSCore
import S3
import Synchronization

/// An in-memory S3 server behind the ``HTTPTransport`` seam: the fake for tests of the client, the multipart
/// writer and the object store.
///
/// It implements the subset Stowage uses (HeadBucket, Put/Get/Head/DeleteObject, ListObjectsV2 with pages,
/// DeleteObjects, the multipart calls, ListMultipartUploads), checks `Content-MD5` and
/// `x-amz-content-sha256` like S3, and answers S3 error documents. It does not verify signatures; it only
/// requires an `authorization` header naming a known access key. Faults can be injected per request, and
/// every request is recorded. Everything is held in memory: use small objects.
package final class InMemoryS3Transport: HTTPTransport, Sendable {
    /// What to do instead of (or after) answering a request.
    package enum Fault: Sendable {
        /// Fail before the server sees the request.
        case transport(HTTPTransportError.Code)
        /// Answer with this status and `<Code>` without doing anything.
        case status(Int, code: String)
        /// Do the work, then lose the answer (the nasty case for retries).
        case loseResponse
    }

    /// A request as the fake saw it.
    package struct Recorded: Sendable {
        package var method: String
        package var url: String
        package var path: String
        package var query: [String: String]
        package var headers: [(String, String)]
        package var bodySize: Int

        package func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }
    }

    private struct Upload {
        var key: String
        var parts: [Int: (etag: String, bytes: [UInt8])] = [:]
    }

    private struct State {
        var buckets: [String: [String: [UInt8]]] = [:]
        var uploads: [String: (bucket: String, upload: Upload)] = [:]
        var nextUploadId = 1
        var requests: [Recorded] = []
        var inFlight = 0
        var peakInFlight = 0
    }

    private let state = Mutex(State())
    private let accessKeys: Set<String>
    /// Parts other than the last smaller than this are refused with EntityTooSmall (S3: 5 MiB).
    private let minimumPartSize: Int
    private let delaySeconds: Double
    private let faultRule: (@Sendable (Recorded, Int) -> Fault?)?

    /// - Parameters:
    ///   - buckets: buckets that exist.
    ///   - fault: asked for each request with its 0-based index; nil answers normally.
    ///   - delaySeconds: each request takes at least this long (to observe concurrency).
    package init(
        buckets: [String] = ["bucket"], accessKeys: Set<String> = ["AKIDEXAMPLE"], minimumPartSize: Int = 0,
        delaySeconds: Double = 0, fault: (@Sendable (Recorded, Int) -> Fault?)? = nil
    ) {
        self.accessKeys = accessKeys
        self.minimumPartSize = minimumPartSize
        self.delaySeconds = delaySeconds
        self.faultRule = fault
        state.withLock { state in
            for bucket in buckets { state.buckets[bucket] = [:] }
        }
    }

    /// Every request received, in order.
    package var requests: [Recorded] { state.withLock { $0.requests } }
    /// The most requests that were being answered at once.
    package var peakConcurrency: Int { state.withLock { $0.peakInFlight } }
    /// The objects of a bucket.
    package func objects(in bucket: String = "bucket") -> [String: [UInt8]] {
        state.withLock { $0.buckets[bucket] ?? [:] }
    }
    /// The keys of multipart uploads neither completed nor aborted.
    package var openUploads: [String] { state.withLock { $0.uploads.values.map(\.upload.key) } }

    package func putObject(bucket: String = "bucket", key: String, bytes: [UInt8]) {
        state.withLock { $0.buckets[bucket, default: [:]][key] = bytes }
    }

    package func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        let recorded = InMemoryS3Transport.record(request)
        let index = state.withLock { state in
            state.requests.append(recorded)
            state.inFlight += 1
            state.peakInFlight = max(state.peakInFlight, state.inFlight)
            return state.requests.count - 1
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        if delaySeconds > 0 { AWSSystemClock().sleep(seconds: delaySeconds) }
        let fault = faultRule?(recorded, index)
        switch fault {
        case .transport(let code):
            throw HTTPTransportError(code, "injected \(code)")
        case .status(let status, let code):
            return Self.errorResponse(status, code)
        case .loseResponse:
            _ = answer(recorded, request.body)
            throw HTTPTransportError(.connectionLost, "injected: answer lost after the work was done")
        case nil:
            return answer(recorded, request.body)
        }
    }

    private static func record(_ request: HTTPRequest) -> Recorded {
        var rest = Substring(request.url)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        let pathStart = rest.firstIndex(of: "/") ?? rest.endIndex
        rest = rest[pathStart...]
        var path = rest
        var query: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            path = rest[..<mark]
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query[percentDecode(parts[0])] = parts.count > 1 ? percentDecode(parts[1]) : ""
            }
        }
        return Recorded(
            method: request.method, url: request.url, path: String(path), query: query, headers: request.headers,
            bodySize: request.body.count)
    }

    package static func percentDecode(_ text: some StringProtocol) -> String {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "%"), bytes.count >= 2,
                let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16)
            {
                out.append(value)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func answer(_ request: Recorded, _ body: [UInt8]) -> HTTPResponse {
        guard let auth = request.header("authorization"),
            let credential = auth.firstRange(of: "Credential=")
        else { return Self.errorResponse(403, "AccessDenied") }
        let keyId = auth[credential.upperBound...].prefix { $0 != "/" }
        guard accessKeys.contains(String(keyId)) else { return Self.errorResponse(403, "InvalidAccessKeyId") }
        if let sha = request.header("x-amz-content-sha256"), sha != "UNSIGNED-PAYLOAD",
            sha != PayloadDigest(body).sha256Hex
        {
            return Self.errorResponse(400, "XAmzContentSHA256Mismatch")
        }
        if let md5 = request.header("content-md5"), md5 != PayloadDigest(body).contentMD5 {
            return Self.errorResponse(400, "BadDigest")
        }

        // Path-style only: /bucket[/key].
        let components = request.path.dropFirst().split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let bucket = InMemoryS3Transport.percentDecode(components.first ?? "")
        let key = components.count > 1 ? InMemoryS3Transport.percentDecode(components[1]) : nil
        return state.withLock { state -> HTTPResponse in
            guard state.buckets[bucket] != nil else { return Self.errorResponse(404, "NoSuchBucket") }
            let q = request.query
            switch (request.method, key) {
            case ("HEAD", nil):
                return HTTPResponse(status: 200)
            case ("GET", nil) where q["list-type"] == "2":
                return listObjects(state.buckets[bucket]!, q)
            case ("GET", nil) where q["uploads"] != nil:
                let prefix = q["prefix"] ?? ""
                let entries = state.uploads.filter {
                    $0.value.bucket == bucket && $0.value.upload.key.hasPrefix(prefix)
                }
                .sorted { $0.key < $1.key }
                .map {
                    "<Upload><Key>\(XMLScanner.escape($0.value.upload.key))</Key><UploadId>\($0.key)</UploadId></Upload>"
                }
                return xml(
                    "<ListMultipartUploadsResult><IsTruncated>false</IsTruncated>\(entries.joined())</ListMultipartUploadsResult>"
                )
            case ("POST", nil) where q["delete"] != nil:
                let keys = XMLScanner(body).elements("Object").compactMap { $0.text("Key") }
                guard request.header("content-md5") != nil else { return Self.errorResponse(400, "InvalidRequest") }
                guard keys.count <= 1000 else { return Self.errorResponse(400, "MalformedXML") }
                for key in keys { state.buckets[bucket]![key] = nil }
                return xml("<DeleteResult></DeleteResult>")
            case ("PUT", let key?) where q["uploadId"] != nil:
                guard let id = q["uploadId"], state.uploads[id] != nil, state.uploads[id]!.upload.key == key else {
                    return Self.errorResponse(404, "NoSuchUpload")
                }
                guard let number = q["partNumber"].flatMap({ Int($0) }), (1...10_000).contains(number) else {
                    return Self.errorResponse(400, "InvalidArgument")
                }
                let etag = "\"\(PayloadDigest(body).md5Hex)\""
                state.uploads[id]!.upload.parts[number] = (etag, body)
                return HTTPResponse(status: 200, headers: [("etag", etag)])
            case ("PUT", let key?):
                state.buckets[bucket]![key] = body
                return HTTPResponse(status: 200, headers: [("etag", "\"\(PayloadDigest(body).md5Hex)\"")])
            case ("GET", let key?):
                guard let object = state.buckets[bucket]![key] else { return Self.errorResponse(404, "NoSuchKey") }
                return HTTPResponse(status: 200, headers: [("content-length", String(object.count))], body: object)
            case ("HEAD", let key?):
                guard let object = state.buckets[bucket]![key] else { return HTTPResponse(status: 404) }
                return HTTPResponse(status: 200, headers: [("content-length", String(object.count))])
            case ("POST", let key?) where q["uploads"] != nil:
                let id = "upload-\(state.nextUploadId)"
                state.nextUploadId += 1
                state.uploads[id] = (bucket, Upload(key: key))
                return xml(
                    "<InitiateMultipartUploadResult><Bucket>\(bucket)</Bucket><Key>\(XMLScanner.escape(key))</Key>"
                        + "<UploadId>\(id)</UploadId></InitiateMultipartUploadResult>")
            case ("POST", let key?) where q["uploadId"] != nil:
                guard let id = q["uploadId"], let upload = state.uploads[id]?.upload, upload.key == key else {
                    return Self.errorResponse(404, "NoSuchUpload")
                }
                let listed = XMLScanner(body).elements("Part").map {
                    (Int($0.text("PartNumber") ?? "") ?? 0, $0.text("ETag") ?? "")
                }
                guard !listed.isEmpty, zip(listed, listed.dropFirst()).allSatisfy({ $0.0 < $1.0 }) else {
                    return Self.errorResponse(400, "InvalidPartOrder")
                }
                var object: [UInt8] = []
                for (index, (number, etag)) in listed.enumerated() {
                    guard let part = upload.parts[number], part.etag == etag else {
                        return Self.errorResponse(400, "InvalidPart")
                    }
                    if index < listed.count - 1 && part.bytes.count < minimumPartSize {
                        return Self.errorResponse(400, "EntityTooSmall")
                    }
                    object += part.bytes
                }
                state.buckets[bucket]![key] = object
                state.uploads[id] = nil
                // Like radosgw: an empty ETag.
                return xml(
                    "<CompleteMultipartUploadResult><Key>\(XMLScanner.escape(key))</Key><ETag></ETag></CompleteMultipartUploadResult>"
                )
            case ("DELETE", let key?) where q["uploadId"] != nil:
                guard let id = q["uploadId"], state.uploads[id]?.upload.key == key else {
                    return Self.errorResponse(404, "NoSuchUpload")
                }
                state.uploads[id] = nil
                return HTTPResponse(status: 204)
            case ("DELETE", let key?):
                state.buckets[bucket]![key] = nil
                return HTTPResponse(status: 204)
            default:
                return Self.errorResponse(405, "MethodNotAllowed")
            }
        }
    }

    private func listObjects(_ objects: [String: [UInt8]], _ q: [String: String]) -> HTTPResponse {
        let prefix = q["prefix"] ?? ""
        let maxKeys = q["max-keys"].flatMap { Int($0) } ?? 1000
        let after = q["continuation-token"].map { InMemoryS3Transport.percentDecode($0) } ?? ""
        let keys = objects.keys.filter { $0.hasPrefix(prefix) && $0 > after }.sorted()
        let page = keys.prefix(maxKeys)
        var body =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Prefix>\(XMLScanner.escape(prefix))</Prefix>"
        body += "<KeyCount>\(page.count)</KeyCount><IsTruncated>\(keys.count > page.count)</IsTruncated>"
        if keys.count > page.count, let last = page.last {
            body += "<NextContinuationToken>\(XMLScanner.escape(last))</NextContinuationToken>"
        }
        for key in page {
            body += "<Contents><Key>\(XMLScanner.escape(key))</Key><Size>\(objects[key]!.count)</Size></Contents>"
        }
        return xml(body + "</ListBucketResult>")
    }

    private func xml(_ text: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: [("content-type", "application/xml")], body: Array(text.utf8))
    }

    /// An S3 error answer with an empty `<Message>`, as radosgw sends them.
    package static func errorResponse(_ status: Int, _ code: String) -> HTTPResponse {
        let body =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message></Message>"
            + "<RequestId>tx-fake</RequestId></Error>"
        return HTTPResponse(status: status, headers: [("x-amz-request-id", "tx-fake")], body: Array(body.utf8))
    }
}
