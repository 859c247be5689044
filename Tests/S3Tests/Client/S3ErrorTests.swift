import AWSCore
import Testing

@testable import S3

struct S3ErrorTests {
    @Test(arguments: [
        (403, "SignatureDoesNotMatch", S3Error.Code.signatureDoesNotMatch),
        (403, "InvalidAccessKeyId", .invalidAccessKeyId),
        (403, "AccessDenied", .accessDenied),
        (404, "NoSuchBucket", .noSuchBucket),
        (400, "AuthorizationHeaderMalformed", .wrongRegion),
        (301, "PermanentRedirect", .wrongRegion),
        (403, "RequestTimeTooSkewed", .clockSkew),
        (400, "ExpiredToken", .invalidToken),
        (503, "SlowDown", .slowDown),
        (500, "InternalError", .serverError),
        (400, "RequestTimeout", .requestTimeout),
        (404, "NoSuchUpload", .noSuchUpload),
        (400, "BadDigest", .http),
        (400, "EntityTooSmall", .http),
    ])
    func classifiesServerCodes(_ status: Int, _ serverCode: String, _ expected: S3Error.Code) {
        #expect(S3Error.Code.classify(status: status, serverCode: serverCode, isBucketRequest: false) == expected)
    }

    @Test(arguments: [
        (500, S3Error.Category.retryable), (502, .retryable), (503, .retryable), (504, .retryable),
        (429, .retryable), (408, .retryable), (403, .configuration), (301, .configuration), (400, .other),
        (409, .other),
    ])
    func classifiesBareStatuses(_ status: Int, _ category: S3Error.Category) {
        #expect(S3Error.Code.classify(status: status, serverCode: nil, isBucketRequest: false).category == category)
    }

    @Test func bareNotFoundDependsOnTheTarget() {
        #expect(S3Error.Code.classify(status: 404, serverCode: nil, isBucketRequest: true) == .noSuchBucket)
        #expect(S3Error.Code.classify(status: 404, serverCode: nil, isBucketRequest: false) == .noSuchKey)
    }

    @Test(arguments: [
        (HTTPTransportError.Code.couldNotResolveHost, S3Error.Category.configuration),
        (.tlsFailure, .configuration), (.invalidURL, .configuration), (.couldNotConnect, .retryable),
        (.timedOut, .retryable), (.connectionLost, .retryable), (.other, .other),
    ])
    func classifiesTransportFailures(_ code: HTTPTransportError.Code, _ category: S3Error.Category) {
        #expect(S3Error.Code.classify(code).category == category)
    }

    @Test func messagesAreOneSentenceNamingTheValueAndTheFix() {
        let error = S3Error(
            .noSuchBucket, operation: "HeadBucket", bucket: "iot-data", endpoint: "http://127.0.0.1:9000",
            accessKeyId: "AKID", region: "us-east-1", httpStatus: 404)
        #expect(
            error.message
                == "Bucket 'iot-data' does not exist at endpoint 'http://127.0.0.1:9000'; create it or correct 's3_bucket_name'."
        )
        var region = S3Error(
            .wrongRegion, operation: "HeadBucket", bucket: "b", endpoint: "https://s3.us-east-1.amazonaws.com",
            region: "us-east-1", httpStatus: 301)
        region.bucketRegion = "eu-west-1"
        #expect(
            region.message
                == "Bucket 'b' is in region 'eu-west-1', not 'us-east-1'; set 's3_bucket_region' to 'eu-west-1'.")
        let signature = S3Error(
            .signatureDoesNotMatch, operation: "PutObject", bucket: "b", key: "k", endpoint: "http://e",
            accessKeyId: "AKID")
        #expect(signature.message.contains("'AKID'"))
        #expect(signature.message.contains("'secret_access_key'"))
        for code in [S3Error.Code.accessDenied, .serverError, .connectionLost, .tlsFailure, .http, .slowDown] {
            let message = S3Error(code, operation: "PutObject", bucket: "b", key: "k", endpoint: "http://e").message
            #expect(message.hasSuffix("."))
            #expect(message.filter { $0 == ";" }.count == 1, "\(message)")
        }
    }
}
