import SigV4
import Testing

/// AWS's documented S3 signing examples, checked stage by stage, plus the signer's own guarantees.
///
/// Every expected canonical request, string to sign and signature below is copied from AWS's pages, never computed
/// by this package: "Examples: Signature Calculations in AWS Signature Version 4" in
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html (header examples),
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html (presigned example), and the IAM
/// signing-key examples of the AWS General Reference ("Examples of how to derive a signing key").
struct SigV4SignerTests {
    /// 2013-05-24T00:00:00Z, the time of every S3 example.
    static let s3Time = 1_369_353_600
    static let s3Credentials = SigV4Credentials(
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    )
    static let s3Signer = SigV4Signer(credentials: s3Credentials, region: "us-east-1", service: "s3")

    struct S3Example: Sendable, CustomTestStringConvertible {
        var name: String
        var method: String
        /// The path as sent on the wire.
        var path: String
        var query: [(String, String)] = []
        /// The request's headers other than `x-amz-date` and `x-amz-content-sha256`, which the signer adds.
        var headers: [(String, String)]
        var payloadHash: String
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
        /// The published `Authorization` header (S3's page writes it without spaces after the commas).
        var authorization: String

        var testDescription: String { name }
    }

    static let s3Examples: [S3Example] = [
        S3Example(
            name: "GET Object",
            method: "GET",
            path: "/test.txt",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")],
            payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonicalRequest: """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """,
            stringToSign: """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """,
            signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        ),
        S3Example(
            name: "PUT Object",
            method: "PUT",
            path: "/" + SigV4.uriEncode("test$file.text", encodeSlash: false),
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"),
                ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ],
            payloadHash: "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
            canonicalRequest: """
                PUT
                /test%24file.text

                date:Fri, 24 May 2013 00:00:00 GMT
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
                x-amz-date:20130524T000000Z
                x-amz-storage-class:REDUCED_REDUNDANCY

                date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class
                44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
                """,
            stringToSign: """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d
                """,
            signature: "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
                + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"
        ),
        S3Example(
            name: "GET Bucket Lifecycle",
            method: "GET",
            path: "/",
            query: [("lifecycle", "")],
            headers: [("Host", "examplebucket.s3.amazonaws.com")],
            payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonicalRequest: """
                GET
                /
                lifecycle=
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """,
            stringToSign: """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca
                """,
            signature: "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                + "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"
        ),
        S3Example(
            name: "GET Bucket (List Objects)",
            method: "GET",
            path: "/",
            query: [("prefix", "J"), ("max-keys", "2")],
            headers: [("Host", "examplebucket.s3.amazonaws.com")],
            payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonicalRequest: """
                GET
                /
                max-keys=2&prefix=J
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """,
            stringToSign: """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7
                """,
            signature: "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                + "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
        ),
    ]

    // MARK: - S3 examples, stage by stage

    @Test("Stage 1: canonical request matches the S3 example", arguments: s3Examples)
    func s3CanonicalRequest(_ example: S3Example) {
        let headers =
            example.headers + [("x-amz-content-sha256", example.payloadHash), ("x-amz-date", "20130524T000000Z")]
        let request = Self.s3Signer.canonicalRequest(
            method: example.method,
            path: example.path,
            query: example.query,
            headers: headers,
            payloadHash: example.payloadHash
        )
        #expect(request == example.canonicalRequest)
    }

    @Test("Stage 2: string to sign matches the S3 example", arguments: s3Examples)
    func s3StringToSign(_ example: S3Example) {
        let toSign = Self.s3Signer.stringToSign(canonicalRequest: example.canonicalRequest, timestamp: Self.s3Time)
        #expect(toSign == example.stringToSign)
    }

    @Test("Stages 3 and 4: signing key and signature match the S3 example", arguments: s3Examples)
    func s3Signature(_ example: S3Example) {
        let key = Self.s3Signer.signingKey(dateStamp: "20130524")
        #expect(Self.s3Signer.signature(stringToSign: example.stringToSign, signingKey: key) == example.signature)
    }

    @Test("signedHeaders() produces the S3 example's authorization header end to end", arguments: s3Examples)
    func s3SignedHeaders(_ example: S3Example) throws {
        let added = Self.s3Signer.signedHeaders(
            method: example.method,
            path: example.path,
            query: example.query,
            headers: example.headers,
            payloadHash: example.payloadHash,
            timestamp: Self.s3Time
        )
        #expect(added.map(\.0) == ["authorization", "x-amz-date", "x-amz-content-sha256"])
        #expect(value(of: "x-amz-date", in: added) == "20130524T000000Z")
        #expect(value(of: "x-amz-content-sha256", in: added) == example.payloadHash)
        let authorization = try #require(value(of: "authorization", in: added))
        #expect(authorizationParts(authorization) == authorizationParts(example.authorization))
    }

    @Test("the PUT example's payload hash is the SHA-256 of its published body")
    func s3PutPayloadHash() {
        #expect(
            SigV4.sha256Hex(Array("Welcome to Amazon S3.".utf8))
                == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
        )
    }

    // MARK: - UNSIGNED-PAYLOAD

    /// The presigned GET of sigv4-query-string-auth.html, the one AWS example whose payload is UNSIGNED-PAYLOAD.
    @Test("UNSIGNED-PAYLOAD: the S3 presigned-URL example, stage by stage")
    func s3PresignedUnsignedPayload() {
        let query = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"),
            ("X-Amz-Date", "20130524T000000Z"),
            ("X-Amz-Expires", "86400"),
            ("X-Amz-SignedHeaders", "host"),
        ]
        let request = Self.s3Signer.canonicalRequest(
            method: "GET",
            path: "/test.txt",
            query: query,
            headers: [("Host", "examplebucket.s3.amazonaws.com")],
            payloadHash: SigV4.unsignedPayload
        )
        #expect(
            request == """
                GET
                /test.txt
                X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host
                host:examplebucket.s3.amazonaws.com

                host
                UNSIGNED-PAYLOAD
                """
        )
        let toSign = Self.s3Signer.stringToSign(canonicalRequest: request, timestamp: Self.s3Time)
        #expect(
            toSign == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04
                """
        )
        let signature = Self.s3Signer.signature(
            stringToSign: toSign,
            signingKey: Self.s3Signer.signingKey(dateStamp: "20130524")
        )
        #expect(signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test("UNSIGNED-PAYLOAD passes through as the payload line and the x-amz-content-sha256 value")
    func unsignedPayloadPassesThrough() throws {
        let headers = [("Host", "examplebucket.s3.amazonaws.com")]
        let added = Self.s3Signer.signedHeaders(
            method: "PUT",
            path: "/big.bin",
            query: [],
            headers: headers,
            payloadHash: SigV4.unsignedPayload,
            timestamp: Self.s3Time
        )
        #expect(value(of: "x-amz-content-sha256", in: added) == "UNSIGNED-PAYLOAD")

        let request = Self.s3Signer.canonicalRequest(
            method: "PUT",
            path: "/big.bin",
            query: [],
            headers: headers + [("x-amz-content-sha256", SigV4.unsignedPayload), ("x-amz-date", "20130524T000000Z")],
            payloadHash: SigV4.unsignedPayload
        )
        #expect(
            request.hasSuffix(
                "\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20130524T000000Z\n"
                    + "\nhost;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD"))
        #expect(try #require(value(of: "authorization", in: added)) == expectedAuthorization(request, Self.s3Signer))
    }

    // MARK: - Signing key

    struct SigningKeyExample: Sendable, CustomTestStringConvertible {
        var dateStamp: String
        var region: String
        var service: String
        var key: String
        var testDescription: String { "\(dateStamp)/\(region)/\(service)" }
    }

    /// AWS General Reference, "Examples of how to derive a signing key for Signature Version 4" (2012 edition)
    /// and the IAM ListUsers walkthrough (2015 edition), both with the secret below.
    static let signingKeyExamples = [
        SigningKeyExample(
            dateStamp: "20120215",
            region: "us-east-1",
            service: "iam",
            key: "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        ),
        SigningKeyExample(
            dateStamp: "20150830",
            region: "us-east-1",
            service: "iam",
            key: "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        ),
    ]

    @Test("Stage 3: signing key matches AWS's derivation examples", arguments: signingKeyExamples)
    func signingKey(_ example: SigningKeyExample) {
        let signer = SigV4Signer(
            credentials: SigV4Credentials(
                accessKeyId: "AKIDEXAMPLE",
                secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
            ),
            region: example.region,
            service: example.service,
            doubleURIEncode: true
        )
        #expect(hex(signer.signingKey(dateStamp: example.dateStamp)) == example.key)
    }

    /// The IAM `ListUsers` walkthrough of the AWS General Reference (2015 edition), every stage published.
    @Test("IAM ListUsers walkthrough, stage by stage")
    func iamListUsers() {
        let signer = SigV4Signer(
            credentials: SigV4Credentials(
                accessKeyId: "AKIDEXAMPLE",
                secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
            ),
            region: "us-east-1",
            service: "iam",
            doubleURIEncode: true
        )
        let request = signer.canonicalRequest(
            method: "GET",
            path: "/",
            query: [("Version", "2010-05-08"), ("Action", "ListUsers")],
            headers: [
                ("Host", "iam.amazonaws.com"),
                ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                ("X-Amz-Date", "20150830T123600Z"),
            ],
            payloadHash: SigV4.emptyPayloadHash
        )
        #expect(
            request == """
                GET
                /
                Action=ListUsers&Version=2010-05-08
                content-type:application/x-www-form-urlencoded; charset=utf-8
                host:iam.amazonaws.com
                x-amz-date:20150830T123600Z

                content-type;host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """
        )
        let toSign = signer.stringToSign(canonicalRequest: request, timestamp: 1_440_938_160)
        #expect(
            toSign == """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/iam/aws4_request
                f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59
                """
        )
        let signature = signer.signature(stringToSign: toSign, signingKey: signer.signingKey(dateStamp: "20150830"))
        #expect(signature == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    }

    // MARK: - Session token

    @Test("a session token is sent and signed as x-amz-security-token")
    func sessionTokenIsAddedAndSigned() throws {
        var credentials = Self.s3Credentials
        credentials.sessionToken = "FQoGZXIvYXdzEXAMPLETOKEN/+="
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let headers = [("Host", "examplebucket.s3.amazonaws.com")]
        let added = signer.signedHeaders(
            method: "GET",
            path: "/test.txt",
            query: [],
            headers: headers,
            payloadHash: SigV4.emptyPayloadHash,
            timestamp: Self.s3Time
        )
        #expect(added.map(\.0) == ["authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"])
        #expect(value(of: "x-amz-security-token", in: added) == "FQoGZXIvYXdzEXAMPLETOKEN/+=")

        let authorization = try #require(value(of: "authorization", in: added))
        #expect(authorization.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"))

        let request = signer.canonicalRequest(
            method: "GET",
            path: "/test.txt",
            query: [],
            headers: headers + Array(added.dropFirst()),
            payloadHash: SigV4.emptyPayloadHash
        )
        #expect(request.contains("\nx-amz-security-token:FQoGZXIvYXdzEXAMPLETOKEN/+=\n"))
        #expect(authorization == expectedAuthorization(request, signer))

        let withoutToken = Self.s3Signer.signedHeaders(
            method: "GET",
            path: "/test.txt",
            query: [],
            headers: headers,
            payloadHash: SigV4.emptyPayloadHash,
            timestamp: Self.s3Time
        )
        #expect(!withoutToken.contains { $0.0 == "x-amz-security-token" })
        #expect(value(of: "authorization", in: withoutToken) != authorization)
    }

    // MARK: - Signer-owned headers and query encoding

    @Test("headers the signer owns are replaced, not duplicated, whatever their case")
    func signerOwnedHeadersAreReplaced() {
        let example = Self.s3Examples[0]
        let clean = Self.s3Signer.signedHeaders(
            method: example.method,
            path: example.path,
            query: [],
            headers: example.headers,
            payloadHash: example.payloadHash,
            timestamp: Self.s3Time
        )
        let polluted = Self.s3Signer.signedHeaders(
            method: example.method,
            path: example.path,
            query: [],
            headers: example.headers + [
                ("X-Amz-Date", "19990101T000000Z"),
                ("Authorization", "stale"),
                ("X-AMZ-CONTENT-SHA256", "stale"),
                ("x-amz-security-token", "stale"),
            ],
            payloadHash: example.payloadHash,
            timestamp: Self.s3Time
        )
        #expect(polluted.map(\.0) == clean.map(\.0))
        #expect(polluted.map(\.1) == clean.map(\.1))
    }

    @Test("query values with spaces, '/', '+', '=', '~' and UTF-8 are encoded once and signed as sent")
    func queryValuesAreEncodedAndSigned() throws {
        let query = [("prefix", "a b/c+d=e~f"), ("key", "café ሴ"), ("list-type", "2")]
        let request = Self.s3Signer.canonicalRequest(
            method: "GET",
            path: "/",
            query: query,
            headers: [("Host", "examplebucket.s3.amazonaws.com")],
            payloadHash: SigV4.emptyPayloadHash
        )
        let lines = request.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2] == "key=caf%C3%A9%20%E1%88%B4&list-type=2&prefix=a%20b%2Fc%2Bd%3De~f")
        #expect(SigV4.canonicalQueryString(query) == String(lines[2]))

        let added = Self.s3Signer.signedHeaders(
            method: "GET",
            path: "/",
            query: query,
            headers: [("Host", "examplebucket.s3.amazonaws.com")],
            payloadHash: SigV4.emptyPayloadHash,
            timestamp: Self.s3Time
        )
        let reordered = Self.s3Signer.signedHeaders(
            method: "GET",
            path: "/",
            query: query.reversed(),
            headers: [("Host", "examplebucket.s3.amazonaws.com")],
            payloadHash: SigV4.emptyPayloadHash,
            timestamp: Self.s3Time
        )
        let authorization = try #require(value(of: "authorization", in: added))
        #expect(value(of: "authorization", in: reordered) == authorization)
    }

    @Test("the credential scope and x-amz-date follow the timestamp")
    func timestampDrivesDateAndScope() throws {
        let added = Self.s3Signer.signedHeaders(
            method: "GET",
            path: "/",
            query: [],
            headers: [("Host", "examplebucket.s3.amazonaws.com")],
            payloadHash: SigV4.emptyPayloadHash,
            timestamp: 1_709_251_199
        )
        #expect(value(of: "x-amz-date", in: added) == "20240229T235959Z")
        let authorization = try #require(value(of: "authorization", in: added))
        #expect(
            authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240229/us-east-1/s3/aws4_request, "))
    }
}

// MARK: - Helpers

func value(of name: String, in headers: [(String, String)]) -> String? {
    headers.first { $0.0 == name }?.1
}

/// Splits an authorization header into its algorithm-and-credential, signed-headers and signature parts,
/// so headers written with and without a space after each comma compare equal.
func authorizationParts(_ header: String) -> [String] {
    header.split(separator: ",").map { String($0.drop { $0 == " " }) }
}

/// Returns the authorization header the stage functions give for `request`, at the S3 examples' time.
func expectedAuthorization(_ request: String, _ signer: SigV4Signer) -> String {
    let signedHeaders = request.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last ?? ""
    let toSign = signer.stringToSign(canonicalRequest: request, timestamp: SigV4SignerTests.s3Time)
    return signer.authorization(
        signedHeaders: String(signedHeaders),
        signature: signer.signature(stringToSign: toSign, signingKey: signer.signingKey(dateStamp: "20130524")),
        timestamp: SigV4SignerTests.s3Time
    )
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}
