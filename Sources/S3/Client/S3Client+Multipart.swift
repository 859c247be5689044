import AWSCore
import Logging

/// A part uploaded by ``S3Client/uploadPart(key:uploadId:partNumber:body:shouldContinue:)``.
package struct S3CompletedPart: Sendable, Equatable {
    package var partNumber: Int
    /// As the server sent it, quotes included.
    package var etag: String
    package var size: Int
}

/// A multipart upload found by ``S3Client/listMultipartUploads(prefix:)``.
package struct S3MultipartUploadSummary: Sendable, Equatable {
    package var key: String
    package var uploadId: String
}

extension S3Client {
    /// Starts a multipart upload, with `metadata` as user metadata, and returns its upload id.
    ///
    /// libcurl itself resends a request whose connection died before the answer, and a lost answer is retried
    /// here: either way the server may hold more than one upload for this key. Keys are unique per sync, so every
    /// other upload of exactly this key is ours: after success they are aborted, and after a failure all are.
    package func createMultipartUpload(
        key: String, contentType: String? = nil, metadata: [(String, String)] = []
    ) throws(S3Error) -> String {
        var headers = Self.metadataHeaders(metadata)
        if let contentType { headers.append(("content-type", contentType)) }
        let operation = Operation(
            name: "CreateMultipartUpload", method: "POST", key: key, query: [("uploads", "")], headers: headers)
        let outcome: Outcome
        do {
            outcome = try perform(operation)
        } catch {
            abortOrphans(of: key, keeping: nil)
            throw error
        }
        let xml = XMLScanner(outcome.response.body)
        guard let uploadId = xml.text("UploadId"), !uploadId.isEmpty else {
            abortOrphans(of: key, keeping: nil)
            throw invalidResponse(operation, "CreateMultipartUpload answer without UploadId")
        }
        abortOrphans(of: key, keeping: uploadId)
        return uploadId
    }

    private func abortOrphans(of key: String, keeping uploadId: String?) {
        do {
            for upload in try listMultipartUploads(prefix: key) where upload.key == key && upload.uploadId != uploadId {
                logger.notice("Aborting an orphaned multipart upload", metadata: ["key": "\(key)"])
                try abortMultipartUpload(key: key, uploadId: upload.uploadId)
            }
        } catch {
            logger.warning(
                "Could not look for orphaned multipart uploads", metadata: ["key": "\(key)", "error": "\(error)"])
        }
    }

    /// Uploads one part with `Content-MD5` and the signed SHA-256; retries resend the same bytes as the same
    /// part number. Memory: `body` is read in place.
    package func uploadPart(
        key: String, uploadId: String, partNumber: Int, body: [UInt8], shouldContinue: () -> Bool = { true }
    ) throws(S3Error) -> S3CompletedPart {
        let digest = PayloadDigest(body)
        let operation = Operation(
            name: "UploadPart", method: "PUT", key: key,
            query: [("partNumber", String(partNumber)), ("uploadId", uploadId)],
            headers: [("content-md5", digest.contentMD5)], body: body, payloadHash: digest.sha256Hex)
        let response = try perform(operation, shouldContinue: shouldContinue).response
        // Without an ETag header, the plain part ETag S3 computes is the part's MD5.
        let etag = response.header("etag") ?? "\"\(digest.md5Hex)\""
        return S3CompletedPart(partNumber: partNumber, etag: etag, size: body.count)
    }

    /// Completes the upload from `parts` (sorted by part number here).
    ///
    /// A 200 answer holding an `<Error>` is a failure (retried when retryable). The answer's ETag is not
    /// used (radosgw sends it empty). A `NoSuchUpload` answer may mean an earlier attempt completed it and
    /// its answer was lost: then the object is looked up, and an object of exactly the parts' total size
    /// counts as success.
    package func completeMultipartUpload(key: String, uploadId: String, parts: [S3CompletedPart]) throws(S3Error) {
        let sorted = parts.sorted { $0.partNumber < $1.partNumber }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUpload>"
        for part in sorted {
            xml +=
                "<Part><PartNumber>\(part.partNumber)</PartNumber><ETag>\(XMLScanner.escape(part.etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let body = Array(xml.utf8)
        let digest = PayloadDigest(body)
        let operation = Operation(
            name: "CompleteMultipartUpload", method: "POST", key: key, query: [("uploadId", uploadId)],
            headers: [("content-type", "application/xml")], body: body, payloadHash: digest.sha256Hex)
        do {
            _ = try perform(operation) { response in
                XMLScanner(response.body).rootName == "Error" ? error(for: operation, response: response) : nil
            }
        } catch let error where error.code == .noSuchUpload {
            let expectedSize = sorted.reduce(0) { $0 + $1.size }
            if let head = try? headObject(key: key), head.size == expectedSize {
                logger.notice(
                    "CompleteMultipartUpload answered NoSuchUpload but the object is complete",
                    metadata: ["key": "\(key)", "size": "\(expectedSize)"])
                return
            }
            throw error
        }
    }

    /// Discards the upload and its parts; an upload that no longer exists counts as aborted.
    package func abortMultipartUpload(key: String, uploadId: String) throws(S3Error) {
        let operation = Operation(
            name: "AbortMultipartUpload", method: "DELETE", key: key, query: [("uploadId", uploadId)])
        do {
            _ = try perform(operation)
        } catch let error where error.code == .noSuchUpload || error.code == .noSuchKey {
            return
        }
    }

    /// The multipart uploads in progress under `prefix`, following pagination.
    package func listMultipartUploads(prefix: String) throws(S3Error) -> [S3MultipartUploadSummary] {
        var uploads: [S3MultipartUploadSummary] = []
        var keyMarker: String?
        var uploadIdMarker: String?
        while true {
            var query = [("uploads", ""), ("prefix", prefix)]
            if let keyMarker { query.append(("key-marker", keyMarker)) }
            if let uploadIdMarker { query.append(("upload-id-marker", uploadIdMarker)) }
            let operation = Operation(name: "ListMultipartUploads", method: "GET", key: nil, query: query)
            let xml = XMLScanner(try perform(operation).response.body)
            guard xml.rootName == "ListMultipartUploadsResult" else {
                throw invalidResponse(operation, "ListMultipartUploads answer is not a ListMultipartUploadsResult")
            }
            for upload in xml.elements("Upload") {
                if let key = upload.text("Key"), let id = upload.text("UploadId") {
                    uploads.append(S3MultipartUploadSummary(key: key, uploadId: id))
                }
            }
            guard xml.text("IsTruncated") == "true" else { return uploads }
            let nextKey = xml.text("NextKeyMarker")
            let nextId = xml.text("NextUploadIdMarker")
            guard nextKey != nil, nextKey != keyMarker || nextId != uploadIdMarker else { return uploads }
            keyMarker = nextKey
            uploadIdMarker = nextId
        }
    }
}
