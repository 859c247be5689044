import AWSCore
import AWSTesting
import SigV4
import Testing

@testable import S3

struct S3ClientTests {
    // MARK: Request construction

    @Test func putObjectSignsBodyHashAndContentMD5OnAnEncodedPathStylePath() throws {
        let transport = ScriptedTransport(responses: [.success(HTTPResponse(status: 200, headers: [("etag", "\"x\"")]))]
        )
        let body = Array("hello".utf8)
        try makeClient(transport).putObject(key: "dir/a b+c=d/☃ ~.csv", body: body)
        let request = try #require(transport.requests.first)
        #expect(request.method == "PUT")
        #expect(request.url == "http://127.0.0.1:7480/bucket/dir/a%20b%2Bc%3Dd/%E2%98%83%20~.csv")
        #expect(request.header("host") == "127.0.0.1:7480")
        #expect(request.header("content-md5") == "XUFAKrxLKna5cZ2REBfFkg==")
        #expect(request.header("x-amz-content-sha256") == SigV4.sha256Hex(body))
        #expect(request.header("x-amz-date") == "20231114T221320Z")
        let authorization = try #require(request.header("authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/s3/aws4_request"))
        #expect(authorization.contains("SignedHeaders=content-md5;host;x-amz-content-sha256;x-amz-date"))
        #expect(!authorization.contains(testCredentials.secretAccessKey))
        #expect(request.body == body)
    }

    @Test func virtualHostedAddressingPutsTheBucketInTheHost() throws {
        let transport = ScriptedTransport(responses: [.success(HTTPResponse(status: 200))])
        let client = makeClient(transport, bucket: "my-bucket", endpoint: .aws(region: "eu-west-1"))
        _ = try client.getObject(key: "k/v.json")
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://my-bucket.s3.eu-west-1.amazonaws.com/k/v.json")
        #expect(request.header("host") == "my-bucket.s3.eu-west-1.amazonaws.com")
        #expect(request.header("authorization")?.contains("/eu-west-1/s3/aws4_request") == true)
    }

    @Test func listObjectsSendsACanonicalQueryAndFollowsContinuation() throws {
        let transport = ScriptedTransport { request, index in
            index == 0
                ? xmlResponse(
                    "<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t/1+=</NextContinuationToken>"
                        + "<Contents><Key>a/1</Key><Size>10</Size></Contents></ListBucketResult>")
                : xmlResponse(
                    "<ListBucketResult><IsTruncated>false</IsTruncated>"
                        + "<Contents><Key>a/2 &amp; 3</Key><Size>0</Size></Contents></ListBucketResult>")
        }
        let objects = try makeClient(transport).listAllObjects(prefix: "a/", pageSize: 1)
        #expect(objects == [S3ObjectSummary(key: "a/1", size: 10), S3ObjectSummary(key: "a/2 & 3", size: 0)])
        #expect(
            transport.requests.map(\.url) == [
                "http://127.0.0.1:7480/bucket?list-type=2&max-keys=1&prefix=a%2F",
                "http://127.0.0.1:7480/bucket?continuation-token=t%2F1%2B%3D&list-type=2&max-keys=1&prefix=a%2F",
            ])
    }

    @Test func deleteObjectsBatchesByAThousandAndReportsPerKeyErrors() throws {
        let transport = ScriptedTransport { request, index in
            index == 1
                ? xmlResponse(
                    "<DeleteResult><Error><Key>k1500</Key><Code>AccessDenied</Code><Message></Message></Error>"
                        + "<Error><Key>gone</Key><Code>NoSuchKey</Code></Error></DeleteResult>")
                : xmlResponse("<DeleteResult/>")
        }
        let keys = (0..<2500).map { "k\($0)" } + ["a&<b>"]
        let failures = try makeClient(transport).deleteObjects(keys: keys)
        #expect(failures == [S3DeleteFailure(key: "k1500", code: "AccessDenied")])
        let requests = transport.requests
        #expect(requests.count == 3)
        for request in requests {
            #expect(request.method == "POST")
            #expect(request.url == "http://127.0.0.1:7480/bucket?delete=")
            #expect(request.header("content-md5") == PayloadDigest(request.body).contentMD5)
        }
        let counts = requests.map { XMLScanner($0.body).elements("Object").count }
        #expect(counts == [1000, 1000, 501])
        #expect(XMLScanner(requests[2].body).elements("Key").last?.decodedText == "a&<b>")
    }

    @Test func completeSendsThePartsInOrder() throws {
        let transport = ScriptedTransport(responses: [
            xmlResponse("<CompleteMultipartUploadResult><ETag></ETag></CompleteMultipartUploadResult>")
        ])
        let parts = [3, 1, 2].map { S3CompletedPart(partNumber: $0, etag: "\"e\($0)\"", size: 5) }
        try makeClient(transport).completeMultipartUpload(key: "k", uploadId: "u/1", parts: parts)
        let request = try #require(transport.requests.first)
        #expect(request.url == "http://127.0.0.1:7480/bucket/k?uploadId=u%2F1")
        let numbers = XMLScanner(request.body).elements("Part").map { $0.text("PartNumber") }
        #expect(numbers == ["1", "2", "3"])
        #expect(XMLScanner(request.body).elements("ETag").map(\.decodedText) == ["\"e1\"", "\"e2\"", "\"e3\""])
    }

    // MARK: Errors

    @Test func headBucketNotFoundNamesTheBucketAndEndpoint() {
        let transport = ScriptedTransport(responses: [.success(HTTPResponse(status: 404))])
        let error = #expect(throws: S3Error.self) { try makeClient(transport, bucket: "iot-data").headBucket() }
        #expect(error?.code == .noSuchBucket)
        #expect(error?.category == .configuration)
        #expect(error?.message.contains("'iot-data'") == true)
        #expect(error?.message.contains("'http://127.0.0.1:7480'") == true)
    }

    @Test func headBucketForbiddenAsksAgainForTheErrorCode() {
        let transport = ScriptedTransport { request, _ in
            request.method == "HEAD"
                ? .success(HTTPResponse(status: 403))
                : .success(InMemoryS3Transport.errorResponse(403, "SignatureDoesNotMatch"))
        }
        let error = #expect(throws: S3Error.self) { try makeClient(transport).headBucket() }
        #expect(error?.code == .signatureDoesNotMatch)
        #expect(error?.message.contains("'AKIDEXAMPLE'") == true)
        #expect(error?.description.contains(testCredentials.secretAccessKey) == false)
        #expect(transport.requests.map(\.method) == ["HEAD", "GET"])
    }

    @Test func wrongRegionUsesTheRegionTheServerNames() {
        let transport = ScriptedTransport(responses: [
            .success(HTTPResponse(status: 301, headers: [("x-amz-bucket-region", "eu-central-1")]))
        ])
        let error = #expect(throws: S3Error.self) { try makeClient(transport).headBucket() }
        #expect(error?.code == .wrongRegion)
        #expect(
            error?.message
                == "Bucket 'bucket' is in region 'eu-central-1', not 'us-east-1'; set 's3_bucket_region' to 'eu-central-1'."
        )
    }

    @Test func unresolvableHostIsAConfigurationErrorAndNotRetried() {
        let transport = ScriptedTransport(responses: [.failure(HTTPTransportError(.couldNotResolveHost, "nope"))])
        let error = #expect(throws: S3Error.self) { try makeClient(transport).putObject(key: "k", body: []) }
        #expect(error?.category == .configuration)
        #expect(transport.requests.count == 1)
    }

    // MARK: Retries

    @Test func retriesResignAndResendTheSameBytesWithJitteredBackoff() throws {
        let transport = ScriptedTransport { _, index in
            index < 2
                ? .success(InMemoryS3Transport.errorResponse(503, "SlowDown")) : .success(HTTPResponse(status: 200))
        }
        let clock = ManualAWSClock()
        let body = patternBytes(1000)
        _ = try makeClient(transport, clock: clock, jitter: 0.5).uploadPart(
            key: "k", uploadId: "u", partNumber: 7, body: body)
        #expect(clock.sleeps == [0.1, 0.2])
        let requests = transport.requests
        #expect(requests.count == 3)
        #expect(Set(requests.map(\.url)).count == 1)
        #expect(requests.allSatisfy { $0.url.contains("partNumber=7") && $0.body == body })
        #expect(Set(requests.compactMap { $0.header("x-amz-date") }).count == 3)
        #expect(Set(requests.compactMap { $0.header("authorization") }).count == 3)
    }

    @Test func retriesStopAfterMaxAttempts() {
        let transport = ScriptedTransport(responses: [.success(InMemoryS3Transport.errorResponse(500, "InternalError"))]
        )
        let error = #expect(throws: S3Error.self) {
            try makeClient(transport, retry: RetryPolicy(maxAttempts: 3)).putObject(key: "k", body: [1])
        }
        #expect(transport.requests.count == 3)
        #expect(error?.attempts == 3)
        #expect(error?.category == .retryable)
        #expect(error?.message.contains("after 3 attempts") == true)
    }

    @Test func retriesStopWhenTheNextWaitWouldExceedTheTimeBudget() {
        let transport = ScriptedTransport(responses: [.failure(HTTPTransportError(.connectionLost, "reset"))])
        let clock = ManualAWSClock()
        let policy = RetryPolicy(maxAttempts: 100, maxSeconds: 10, baseDelaySeconds: 1, maxDelaySeconds: 100)
        _ = #expect(throws: S3Error.self) {
            try makeClient(transport, retry: policy, clock: clock, jitter: 1).putObject(key: "k", body: [1])
        }
        // Waits 1, 2, 4 (total 7); the next (8) would end at 15 > 10.
        #expect(clock.sleeps == [1, 2, 4])
        #expect(transport.requests.count == 4)
    }

    @Test func configurationErrorsAreNotRetried() {
        let transport = ScriptedTransport(responses: [
            .success(InMemoryS3Transport.errorResponse(403, "InvalidAccessKeyId"))
        ])
        _ = #expect(throws: S3Error.self) { try makeClient(transport).putObject(key: "k", body: [1]) }
        #expect(transport.requests.count == 1)
    }

    @Test func completeWithAnErrorInA200IsRetriedWhenRetryable() throws {
        let transport = ScriptedTransport { _, index in
            index == 0
                ? xmlResponse("<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code><Message></Message></Error>")
                : xmlResponse("<CompleteMultipartUploadResult/>")
        }
        try makeClient(transport).completeMultipartUpload(
            key: "k", uploadId: "u", parts: [S3CompletedPart(partNumber: 1, etag: "\"e\"", size: 1)])
        #expect(transport.requests.count == 2)

        let denied = ScriptedTransport(responses: [xmlResponse("<Error><Code>AccessDenied</Code></Error>")])
        let error = #expect(throws: S3Error.self) {
            try makeClient(denied).completeMultipartUpload(
                key: "k", uploadId: "u", parts: [S3CompletedPart(partNumber: 1, etag: "\"e\"", size: 1)])
        }
        #expect(error?.code == .accessDenied)
        #expect(denied.requests.count == 1)
    }

    @Test func completeWhoseAnswerWasLostSucceedsWhenTheObjectIsThere() throws {
        let once = Once()
        let server = InMemoryS3Transport(fault: { request, _ in
            request.method == "POST" && request.query["uploadId"] != nil && once.first() ? .loseResponse : nil
        })
        let client = makeClient(server)
        let id = try client.createMultipartUpload(key: "k")
        let part = try client.uploadPart(key: "k", uploadId: id, partNumber: 1, body: [1, 2, 3])
        try client.completeMultipartUpload(key: "k", uploadId: id, parts: [part])
        #expect(server.objects()["k"] == [1, 2, 3])
        #expect(server.requests.map(\.method).suffix(3) == ["POST", "POST", "HEAD"])
    }

    @Test func completeOfAMissingUploadFailsWhenTheObjectIsNotThere() {
        let server = InMemoryS3Transport()
        let error = #expect(throws: S3Error.self) {
            try makeClient(server).completeMultipartUpload(
                key: "k", uploadId: "nope", parts: [S3CompletedPart(partNumber: 1, etag: "\"e\"", size: 1)])
        }
        #expect(error?.code == .noSuchUpload)
    }

    @Test func aRetriedCreateAbortsTheOrphanedUpload() throws {
        let server = InMemoryS3Transport(fault: { _, index in index == 0 ? .loseResponse : nil })
        let client = makeClient(server)
        let id = try client.createMultipartUpload(key: "k")
        #expect(server.openUploads == ["k"])
        #expect(try client.listMultipartUploads(prefix: "k").map(\.uploadId) == [id])
    }

    @Test func abortOfAnUploadThatIsGoneSucceeds() throws {
        try makeClient(InMemoryS3Transport()).abortMultipartUpload(key: "k", uploadId: "gone")
    }
}
