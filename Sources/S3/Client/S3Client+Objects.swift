import AWSCore

/// An object listed by ``S3Client/listObjectsV2(prefix:continuationToken:maxKeys:)``.
package struct S3ObjectSummary: Sendable, Equatable {
    package var key: String
    package var size: Int

    package init(key: String, size: Int) {
        self.key = key
        self.size = size
    }
}

/// One page of ListObjectsV2; `nextContinuationToken` is nil on the last page.
package struct S3ListPage: Sendable, Equatable {
    package var objects: [S3ObjectSummary]
    package var nextContinuationToken: String?
}

/// An object's metadata from HeadObject.
package struct S3ObjectHead: Sendable, Equatable {
    package var size: Int
    package var etag: String?
    /// User metadata (`x-amz-meta-<name>` headers), names in lower case without the prefix.
    package var metadata: [String: String] = [:]
}

/// A key DeleteObjects could not delete, with the server's `<Code>`.
package struct S3DeleteFailure: Sendable, Equatable {
    package var key: String
    package var code: String
}

extension S3Client {
    /// Checks that the bucket exists and the credentials may use it (HeadBucket).
    ///
    /// HEAD answers carry no body, so a 400/403 is asked again with a one-key ListObjectsV2 whose `<Code>`
    /// tells a wrong secret from an unknown key, a denied permission or a wrong region.
    package func headBucket() throws(S3Error) {
        let operation = Operation(name: "HeadBucket", method: "HEAD", key: nil)
        do {
            _ = try perform(operation)
        } catch let error where error.serverCode == nil && [400, 403].contains(error.httpStatus ?? 0) {
            do {
                _ = try listObjectsV2(prefix: "", continuationToken: nil, maxKeys: 1)
            } catch let detailed where detailed.serverCode != nil {
                throw detailed
            } catch {}
            throw error
        }
    }

    /// Creates the bucket in the endpoint's region; a bucket this account already owns counts as created.
    /// (For tests and set-up scripts; the destination never creates buckets.)
    package func createBucket() throws(S3Error) {
        var body: [UInt8] = []
        if endpoint.region != "us-east-1" {
            body = Array(
                "<CreateBucketConfiguration><LocationConstraint>\(endpoint.region)</LocationConstraint></CreateBucketConfiguration>"
                    .utf8)
        }
        let digest = PayloadDigest(body)
        do {
            _ = try perform(
                Operation(name: "CreateBucket", method: "PUT", key: nil, body: body, payloadHash: digest.sha256Hex))
        } catch let error where error.serverCode == "BucketAlreadyOwnedByYou" {
            return
        }
    }

    /// Stores `body` as one object in one request, with `Content-MD5` and the signed SHA-256, and `metadata` as
    /// user metadata (`x-amz-meta-<name>`).
    ///
    /// Retries resend the same bytes to the same key, so a retry after a lost answer is harmless.
    @discardableResult
    package func putObject(
        key: String, body: [UInt8], contentType: String? = nil, metadata: [(String, String)] = []
    ) throws(S3Error) -> String? {
        let digest = PayloadDigest(body)
        var headers = [("content-md5", digest.contentMD5)] + Self.metadataHeaders(metadata)
        if let contentType { headers.append(("content-type", contentType)) }
        let outcome = try perform(
            Operation(
                name: "PutObject", method: "PUT", key: key, headers: headers, body: body,
                payloadHash: digest.sha256Hex))
        return outcome.response.header("etag")
    }

    /// Stores `body` only if no object has `key` (`If-None-Match: *`); returns false when one already does.
    ///
    /// A retry after a lost answer may find the object its own first attempt made: callers that must tell the two
    /// apart put something of their own in `body` and read it back.
    package func putObjectIfAbsent(key: String, body: [UInt8]) throws(S3Error) -> Bool {
        let digest = PayloadDigest(body)
        do {
            _ = try perform(
                Operation(
                    name: "PutObject", method: "PUT", key: key,
                    headers: [("content-md5", digest.contentMD5), ("if-none-match", "*")], body: body,
                    payloadHash: digest.sha256Hex))
            return true
        } catch let error where error.code == .preconditionFailed {
            return false
        }
    }

    /// `x-amz-meta-*` headers for user metadata.
    static func metadataHeaders(_ metadata: [(String, String)]) -> [(String, String)] {
        metadata.map { ("x-amz-meta-" + $0.0.lowercased(), $0.1) }
    }

    /// The whole object in memory (for `check` and tests, not for large objects).
    package func getObject(key: String) throws(S3Error) -> [UInt8] {
        try perform(Operation(name: "GetObject", method: "GET", key: key)).response.body
    }

    /// The object's size and ETag; nil when there is no such key.
    package func headObject(key: String) throws(S3Error) -> S3ObjectHead? {
        let operation = Operation(name: "HeadObject", method: "HEAD", key: key)
        do throws(S3Error) {
            let response = try perform(operation).response
            guard let length = response.header("content-length").flatMap({ Int($0) }) else {
                throw invalidResponse(operation, "HeadObject answer without Content-Length")
            }
            var metadata: [String: String] = [:]
            for (name, value) in response.headers where name.hasPrefix("x-amz-meta-") {
                metadata[String(name.dropFirst(11))] = value
            }
            return S3ObjectHead(size: length, etag: response.header("etag"), metadata: metadata)
        } catch let error where error.code == .noSuchKey {
            return nil
        }
    }

    /// One page of keys under `prefix` (ListObjectsV2); keys come XML-escaped, not URL-encoded.
    package func listObjectsV2(prefix: String, continuationToken: String?, maxKeys: Int? = nil) throws(S3Error)
        -> S3ListPage
    {
        var query = [("list-type", "2"), ("prefix", prefix)]
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let operation = Operation(name: "ListObjectsV2", method: "GET", key: nil, query: query)
        let xml = XMLScanner(try perform(operation).response.body)
        guard xml.rootName == "ListBucketResult" else {
            throw invalidResponse(operation, "ListObjectsV2 answer is not a ListBucketResult")
        }
        var objects: [S3ObjectSummary] = []
        for contents in xml.elements("Contents") {
            guard let key = contents.text("Key"), let size = contents.text("Size").flatMap({ Int($0) }) else {
                throw invalidResponse(operation, "ListObjectsV2 entry without Key or Size")
            }
            objects.append(S3ObjectSummary(key: key, size: size))
        }
        let truncated = xml.text("IsTruncated") == "true"
        let next = xml.text("NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        if truncated && next == nil {
            throw invalidResponse(operation, "ListObjectsV2 answer truncated without NextContinuationToken")
        }
        return S3ListPage(objects: objects, nextContinuationToken: truncated ? next : nil)
    }

    /// Every object under `prefix`, following continuation tokens; memory grows with the number of keys.
    package func listAllObjects(prefix: String, pageSize: Int? = nil) throws(S3Error) -> [S3ObjectSummary] {
        var all: [S3ObjectSummary] = []
        var token: String?
        repeat {
            let page = try listObjectsV2(prefix: prefix, continuationToken: token, maxKeys: pageSize)
            all += page.objects
            if page.nextContinuationToken != nil && page.nextContinuationToken == token {
                throw invalidResponse(
                    Operation(name: "ListObjectsV2", method: "GET", key: nil), "continuation token repeated")
            }
            token = page.nextContinuationToken
        } while token != nil
        return all
    }

    /// The most keys one DeleteObjects request may carry.
    package static let deleteBatchSize = 1000

    /// Deletes these keys in batches of 1,000 (DeleteObjects, quiet mode, with the required `Content-MD5`).
    ///
    /// Returns the keys the server refused, with its code; keys that do not exist count as deleted.
    package func deleteObjects(keys: [String]) throws(S3Error) -> [S3DeleteFailure] {
        var failures: [S3DeleteFailure] = []
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(start + Self.deleteBatchSize, keys.count)]
            failures += try deleteBatch(batch)
            start += batch.count
        }
        return failures
    }

    private func deleteBatch(_ keys: ArraySlice<String>) throws(S3Error) -> [S3DeleteFailure] {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Quiet>true</Quiet>"
        for key in keys {
            xml += "<Object><Key>\(XMLScanner.escape(key))</Key></Object>"
        }
        xml += "</Delete>"
        let body = Array(xml.utf8)
        let digest = PayloadDigest(body)
        let operation = Operation(
            name: "DeleteObjects", method: "POST", key: nil, query: [("delete", "")],
            headers: [("content-md5", digest.contentMD5), ("content-type", "application/xml")], body: body,
            payloadHash: digest.sha256Hex)
        let answer = XMLScanner(try perform(operation).response.body)
        guard answer.rootName == "DeleteResult" else {
            throw invalidResponse(operation, "DeleteObjects answer is not a DeleteResult")
        }
        return answer.elements("Error").compactMap { error in
            let code = error.text("Code") ?? ""
            guard let key = error.text("Key"), code != "NoSuchKey" else { return nil }
            return S3DeleteFailure(key: key, code: code)
        }
    }
}
