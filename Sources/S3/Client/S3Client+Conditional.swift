import AWSCore

/// What a conditional PutObject did.
package enum S3ConditionalPut: Sendable, Equatable {
    /// The object was stored; its new ETag, as the server sent it, when it sent one.
    case stored(etag: String?)
    /// The condition did not hold (412, or AWS's 409 ConditionalRequestConflict for a concurrent write): nothing
    /// was stored.
    case conditionFailed
}

/// A small object and the ETag it was read with.
package struct S3VersionedObject: Sendable, Equatable {
    package var body: [UInt8]
    package var etag: String?
}

/// Compare-and-swap writes for the small objects `sync` keeps: its state and its lease.
///
/// AWS documents `If-None-Match: *` and `If-Match` on PutObject
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html). Ceph radosgw 16.2 answers
/// 412 to every quoted `If-Match` and honours only the bare ETag, so callers choose the spelling.
extension S3Client {
    /// Stores `body` only if the object's current ETag matches `ifMatch` (sent exactly as given).
    ///
    /// A retry after a lost answer finds the ETag already changed and reports `conditionFailed`: callers that
    /// must tell the two apart read the object back and compare its bytes with their own.
    package func putObject(key: String, body: [UInt8], ifMatch: String) throws(S3Error) -> S3ConditionalPut {
        try conditionalPut(key: key, body: body, condition: ("if-match", ifMatch))
    }

    /// Stores `body` only if no object has `key` (`If-None-Match: *`), and says the new ETag.
    package func putObjectIfNoneMatch(key: String, body: [UInt8]) throws(S3Error) -> S3ConditionalPut {
        try conditionalPut(key: key, body: body, condition: ("if-none-match", "*"))
    }

    private func conditionalPut(key: String, body: [UInt8], condition: (String, String)) throws(S3Error)
        -> S3ConditionalPut
    {
        let digest = PayloadDigest(body)
        do {
            let outcome = try perform(
                Operation(
                    name: "PutObject", method: "PUT", key: key,
                    headers: [("content-md5", digest.contentMD5), condition], body: body,
                    payloadHash: digest.sha256Hex))
            return .stored(etag: outcome.response.header("etag"))
        } catch let error where error.code == .preconditionFailed || error.httpStatus == 409 {
            return .conditionFailed
        }
    }

    /// The whole object and its ETag (for small objects only); nil when there is no such key.
    package func getVersionedObject(key: String) throws(S3Error) -> S3VersionedObject? {
        do {
            let response = try perform(Operation(name: "GetObject", method: "GET", key: key)).response
            return S3VersionedObject(body: response.body, etag: response.header("etag"))
        } catch let error where error.code == .noSuchKey {
            return nil
        }
    }

    /// Deletes one object; a missing key is not an error.
    package func deleteObject(key: String) throws(S3Error) {
        do {
            _ = try perform(Operation(name: "DeleteObject", method: "DELETE", key: key))
        } catch let error where error.code == .noSuchKey {
            return
        }
    }
}
