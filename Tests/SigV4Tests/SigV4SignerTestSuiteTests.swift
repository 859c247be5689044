import SigV4
import Testing

/// Cases of the public aws-signing-test-suite, https://github.com/awslabs/aws-c-auth/tree/main/tests/aws-signing-test-suite/v4
///
/// Every case signs one request with service `service`, region `us-east-1`, the credentials below, at
/// 2015-08-30T12:36:00Z, with double URI encoding; `normalize` says whether the path is normalised.
/// Expected values are copied from the suite's files, never computed here:
/// - `authorization`: the `Authorization` line of `header-signed-request.txt` (header signing);
/// - `headerCanonicalRequest`, `headerStringToSign`: `header-canonical-request.txt` and
///   `header-string-to-sign.txt`, for the one case whose copies were at hand;
/// - `presigned`: `query-canonical-request.txt`, `query-string-to-sign.txt` and the `X-Amz-Signature` of
///   `query-signed-request.txt` (presigned-URL signing), where those files were at hand, all from one revision.
///
/// The suite's request line is the path as the HTTP message holds it, so it is passed as the wire path.
/// Left out: `get-header-value-multiline` (obsolete line folding), `get-vanilla-query-order-encoded` and the
/// presigned form of `get-vanilla-utf8-query`, whose canonical query sorts names before encoding them while the
/// spec ("the sorting occurs after encoding") sorts after (see specs/sigv4.md).
struct SigV4SignerTestSuiteTests {
    static let time = 1_440_938_160
    static let credentials = SigV4Credentials(
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )

    struct Presigned: Sendable {
        /// Whether the query carries `X-Amz-Expires=3600` (the suite's later revision).
        var expires = false
        var token: String? = nil
        /// The `X-Amz-SignedHeaders` value.
        var signedHeaders = "host"
        /// The signed headers and their values.
        var headers: [(String, String)] = [("Host", "example.amazonaws.com")]
        var canonicalRequest: String? = nil
        var stringToSign: String? = nil
        var signature: String? = nil

        /// The X-Amz-* parameters a presigned URL adds to the request's own query, before X-Amz-Signature.
        var query: [(String, String)] {
            var query = [
                ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
                ("X-Amz-Credential", "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"),
                ("X-Amz-Date", "20150830T123600Z"),
                ("X-Amz-SignedHeaders", signedHeaders),
            ]
            if expires {
                query.append(("X-Amz-Expires", "3600"))
            }
            if let token {
                query.append(("X-Amz-Security-Token", token))
            }
            return query
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method = "GET"
        var path = "/"
        var query: [(String, String)] = []
        /// The request's headers besides `Host` and `X-Amz-Date`.
        var headers: [(String, String)] = []
        var payloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        var normalize = false
        var authorization: String
        var headerCanonicalRequest: String? = nil
        var headerStringToSign: String? = nil
        var presigned: Presigned? = nil

        var testDescription: String { name }

        var signer: SigV4Signer {
            SigV4Signer(
                credentials: SigV4SignerTestSuiteTests.credentials,
                region: "us-east-1",
                service: "service",
                doubleURIEncode: true,
                normalizeURIPath: normalize
            )
        }
    }

    static let token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
    static let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

    static let cases: [Case] = [
        Case(
            name: "get-header-key-duplicate",
            headers: [("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")],
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
            presigned: Presigned(
                signedHeaders: "host;my-header1",
                headers: [
                    ("Host", "example.amazonaws.com"), ("My-Header1", "value2"), ("My-Header1", "value2"),
                    ("My-Header1", "value1"),
                ],
                canonicalRequest: """
                    GET
                    /
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1
                    host:example.amazonaws.com
                    my-header1:value2,value2,value1

                    host;my-header1
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    f886b1c161d47c16ca226b43daafb78d40e6d6a3c10a8fd89695498e2724ef70
                    """,
                signature: "aed110578ec50d63e187183adef6b400e35825f075bd7bf3514303355ea8a3a7"
            )
        ),
        Case(
            name: "get-header-value-order",
            headers: [
                ("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2"),
            ],
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01",
            presigned: Presigned(
                signedHeaders: "host;my-header1",
                headers: [
                    ("Host", "example.amazonaws.com"), ("My-Header1", "value4"), ("My-Header1", "value1"),
                    ("My-Header1", "value3"), ("My-Header1", "value2"),
                ],
                canonicalRequest: """
                    GET
                    /
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1
                    host:example.amazonaws.com
                    my-header1:value4,value1,value3,value2

                    host;my-header1
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    895053d07ef0b71f0c4ea72ab766a2a179f32604f9e3b36657157f7e191d058c
                    """,
                signature: "cbf1dbd78c9e4b545482af8403dc88d0f6b3b0517dcfd6380ac0b98c04407b17"
            )
        ),
        Case(
            name: "get-header-value-trim",
            headers: [("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")],
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
            presigned: Presigned(
                signedHeaders: "host;my-header1;my-header2",
                headers: [
                    ("Host", "example.amazonaws.com"), ("My-Header1", " value1"), ("My-Header2", " \"a   b   c\""),
                ],
                canonicalRequest: """
                    GET
                    /
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1%3Bmy-header2
                    host:example.amazonaws.com
                    my-header1:value1
                    my-header2:"a b c"

                    host;my-header1;my-header2
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    79b6cafb02b93e8b4cfc53cbf6dcf562477c321fe4af691f077f9213ad23876e
                    """,
                signature: "437aef474be68d1c09b56053015ccaf0a10518a70bc04b7f76260f98b0ab3c56"
            )
        ),
        Case(
            name: "get-unreserved",
            path: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    69cf1f6cc5f75525adf262c0d3e174132e71d69363ed7634105938598aa64c52
                    """,
                signature: "704aa8df10c9b3b96a9be46c0e16e6b111e71e31ddf96a4aefc12e198ac90a37"
            )
        ),
        Case(
            name: "get-utf8",
            path: "/ሴ",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    /%E1%88%B4
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    4148d48eedde44fc6b52c92dcab505640ab9350b6ac42891703d9e3575b770ab
                    """,
                signature: "4d600c0c344da828bbb1a71b2174e7be3c95d726293e6c4979fd5816730dd99d"
            )
        ),
        Case(
            name: "get-vanilla-empty-query-key",
            query: [("Param1", "value1")],
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    /
                    Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    217c5ce518f8cd47e998f859ee357ad85e7c5b8db50b3b62ab80402f61166956
                    """,
                signature: "3ab70cf2711d023bdeef6c7c3dbcfdeec5b826dc4257276cea3d5773f33c2e08"
            )
        ),
        // get-vanilla-query sends the same request as get-vanilla; its string to sign is get-vanilla's
        // query-string-to-sign.txt.
        Case(
            name: "get-vanilla-query",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            presigned: Presigned(
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    50e4af3247eb1fc9666ecb6ddd6837244e375e11e3ac919f08e01ee0a03c1d56
                    """
            )
        ),
        Case(
            name: "get-vanilla-query-order-key-case",
            query: [("Param2", "value2"), ("Param1", "value1")],
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    /
                    Param1=value1&Param2=value2&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    eb1512f5ed1470925b7b1072c2108953680032d6bc3ccbef8eb7c6fdf1639827
                    """,
                signature: "99fe619ddc7883a0738f7e90dc36a30badef2b551412ad283fd7338128bc73ac"
            )
        ),
        Case(
            name: "get-vanilla-query-unreserved",
            query: [(unreserved, unreserved)],
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    /
                    -._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    8f98081ae4d79cd54ca4a1d36e2356f7cb99fdf91dfe307d8f72faf0b9554928
                    """,
                signature: "7c81fc3287ef0d38eae1d9ed8d84da9764b6aa18fbb26254e299608759ca65ba"
            )
        ),
        Case(
            name: "get-vanilla-utf8-query",
            query: [("ሴ", "bar")],
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"
        ),
        Case(
            name: "get-vanilla-with-session-token",
            headers: [("X-Amz-Security-Token", token)],
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
            presigned: Presigned(
                expires: true,
                token: token,
                signedHeaders: "host;x-amz-security-token",
                headers: [("Host", "example.amazonaws.com"), ("X-Amz-Security-Token", token)],
                canonicalRequest: """
                    GET
                    /
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-Security-Token=6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267&X-Amz-SignedHeaders=host%3Bx-amz-security-token
                    host:example.amazonaws.com
                    x-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267

                    host;x-amz-security-token
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    3ccf911b8d0ca9c791608b8f1550af1402a28ccc3a68f0d2023d6d7e334f2e72
                    """,
                signature: "0518c24b3e92905b38e2bcdb775a4301cfa7afef15851eda5b08383f181c6966"
            )
        ),
        Case(
            name: "post-vanilla",
            method: "POST",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            presigned: Presigned(
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    bd1b3e0794b826cf2e184c303fcd2b287ed51f5a06174a27ee879dd136e0b85f
                    """,
                signature: "caa296951ae2b86ffa8f57409a77f0eb49851df8716956a88b813521755ce29c"
            )
        ),
        Case(
            name: "post-header-key-sort",
            method: "POST",
            headers: [("My-Header1", "value1")],
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
            presigned: Presigned(
                signedHeaders: "host;my-header1",
                headers: [("Host", "example.amazonaws.com"), ("My-Header1", "value1")],
                canonicalRequest: """
                    POST
                    /
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1
                    host:example.amazonaws.com
                    my-header1:value1

                    host;my-header1
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    d921425ca3f2fedd839b208caf9dfe18f0fa5083554663428c593b6667d8ca36
                    """,
                signature: "97909fb29c7ca63be95c91cafef33776de41196bddce643864a32d97da915945"
            )
        ),
        // The suite's earlier revision of this case signs the empty payload hash, not the body's.
        Case(
            name: "post-x-www-form-urlencoded (empty payload hash)",
            method: "POST",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "13")],
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date, Signature=4e63d719b9b2e11a61c0ada836512bc9c66dd35e5afae1d85e7bbc1fb839d8bc",
            headerCanonicalRequest: """
                POST
                /

                content-length:13
                content-type:application/x-www-form-urlencoded
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                content-length;content-type;host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """,
            headerStringToSign: """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/service/aws4_request
                0eccf3fbe5a3c5d3df1d87c98cdf5dbde190d26aabdd91c9407db930a0c00896
                """,
            presigned: Presigned(
                signedHeaders: "content-length;content-type;host",
                headers: [
                    ("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com"),
                    ("Content-Length", "13"),
                ],
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    5b29a3f1a7114afdebf76f40d7919ef67107a40b8ca36a90e65725d216fd0ef5
                    """,
                signature: "5915f13bed4b2b8c5ab3a2a240223a52c88096074ecc7b5eabf039731b2e7b9b"
            )
        ),
        postFormSignedBody,
        Case(
            name: "get-slash-unnormalized",
            path: "//",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=c88bcd3d312d75078c0cd961d6deae3f4c754924b01669efcfcb439fd5e5b76e",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    //
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    277d6a41fcfbcf933449b5ac1e1318e547d216f61de004a9bc44898652726c5a
                    """,
                signature: "aafad56d137886bf0d2b7ee0e86a6c7140336a888f8020c80edafb77b4b76263"
            )
        ),
        Case(
            name: "get-slash-normalized",
            path: "//",
            normalize: true,
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            presigned: Presigned(
                expires: true,
                signature: "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"
            )
        ),
        Case(
            name: "get-slashes-unnormalized",
            path: "//example//",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    //example//
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    14168dc49bb367458c443a48b02631d9ba1fab52ba52fb1ef385ab0eb4658964
                    """,
                signature: "ed7e25d3f04cd9dfc648c40ce5d9a03022f9047038a4c0273ed32db6d805e820"
            )
        ),
        Case(
            name: "get-slashes-normalized",
            path: "//example//",
            normalize: true,
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    /example/
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    028461658f760da1ac7f015e25a1c8246d2a0987f19c218961947b7fd2bfa93f
                    """,
                signature: "4a93cc9801ccd286d732b99f2779cded3f2d80d3829857000be3f83ff6ed2e84"
            )
        ),
        Case(
            name: "get-relative-unnormalized",
            path: "/example/..",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=eca7ead57bb5aa5c8e28007acd4ff04e1ff9a0ff3b237ec1554a184887ff9282",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    /example/..
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    6deb66fce44b0cfcdad92a1a6de3b4c7d6a7f2e0d8399b79430f29029060f32c
                    """,
                signature: "403a86d12bea5e716f2afa3384bb5297f220b0e983403269ac7dbbdb82ab94e0"
            )
        ),
        Case(
            name: "get-relative-normalized",
            path: "/example/..",
            normalize: true,
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        Case(
            name: "get-relative-relative-unnormalized",
            path: "/example1/example2/../..",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=dc33e0856fd4baca4d7aa2146c38958283844764f38c74252a333df5e613003b",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    /example1/example2/../..
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """,
                stringToSign: """
                    AWS4-HMAC-SHA256
                    20150830T123600Z
                    20150830/us-east-1/service/aws4_request
                    1ec1ee4085413c04341ba31241e1f1bf129df2450388f9e43c22e557f8e827bd
                    """,
                signature: "df5c6e827cc5d3a8ad05c9ebca9924f2971f7b7ba45b1a987aac30558497fb2e"
            )
        ),
        Case(
            name: "get-relative-relative-normalized",
            path: "/example1/example2/../..",
            normalize: true,
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        Case(
            name: "get-slash-dot-slash-unnormalized",
            path: "/./",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=68714168e6557f8f2de0ef956fc24dc2593a4bd2961f8df51898d8a134695145"
        ),
        Case(
            name: "get-slash-dot-slash-normalized",
            path: "/./",
            normalize: true,
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    /
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """
            )
        ),
        Case(
            name: "get-slash-pointless-dot-unnormalized",
            path: "/./example",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=beb03f223f7deae4146464f06e29eebbee9c8afbe15c290cf07aa8b119e14cff"
        ),
        Case(
            name: "get-slash-pointless-dot-normalized",
            path: "/./example",
            normalize: true,
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5",
            presigned: Presigned(
                canonicalRequest: """
                    GET
                    /example
                    X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                    host:example.amazonaws.com

                    host
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                    """
            )
        ),
        Case(
            name: "get-space-unnormalized",
            path: "/example space/",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"
        ),
        Case(
            name: "get-space-normalized",
            path: "/example space/",
            normalize: true,
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"
        ),
    ]

    /// The suite's later revision of post-x-www-form-urlencoded, which signs the body hash in
    /// x-amz-content-sha256: the one suite case whose signed headers are exactly the ones `signedHeaders()` adds.
    static let postFormSignedBody = Case(
        name: "post-x-www-form-urlencoded (signed body)",
        method: "POST",
        headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "13"),
            ("x-amz-content-sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
        ],
        payloadHash: "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
        authorization:
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
        presigned: Presigned(
            expires: true,
            signedHeaders: "content-length;content-type;host;x-amz-content-sha256",
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com"),
                ("Content-Length", "13"),
                ("x-amz-content-sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
            ],
            canonicalRequest: """
                POST
                /
                X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bx-amz-content-sha256
                content-length:13
                content-type:application/x-www-form-urlencoded
                host:example.amazonaws.com
                x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e

                content-length;content-type;host;x-amz-content-sha256
                9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
                """,
            stringToSign: """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/service/aws4_request
                93ef6c9c66ebd13b0c6820c0464c78f8e1ab050af24494e5322cde3f7067e5ed
                """,
            signature: "c2348f57d08c84939944d6c878b3f7be56316f8e7fd6817e81eded279a362d69"
        )
    )

    static let presignedCases = cases.filter { $0.presigned != nil }

    @Test("header signing, stage by stage, ends in the suite's Authorization header", arguments: cases)
    func headerSigning(_ testCase: Case) {
        let signer = testCase.signer
        let headers =
            [("Host", "example.amazonaws.com")] + testCase.headers + [("X-Amz-Date", "20150830T123600Z")]
        let request = signer.canonicalRequest(
            method: testCase.method,
            path: testCase.path,
            query: testCase.query,
            headers: headers,
            payloadHash: testCase.payloadHash
        )
        if let expected = testCase.headerCanonicalRequest {
            #expect(request == expected)
        }
        let toSign = signer.stringToSign(canonicalRequest: request, timestamp: Self.time)
        if let expected = testCase.headerStringToSign {
            #expect(toSign == expected)
        }
        let signature = signer.signature(stringToSign: toSign, signingKey: signer.signingKey(dateStamp: "20150830"))
        let authorization = signer.authorization(
            signedHeaders: SigV4.canonicalHeaders(headers).signedHeaders,
            signature: signature,
            timestamp: Self.time
        )
        #expect(authorization == testCase.authorization)
    }

    @Test("presigned-URL signing: canonical request, string to sign and signature", arguments: presignedCases)
    func presignedSigning(_ testCase: Case) throws {
        let presigned = try #require(testCase.presigned)
        let signer = testCase.signer
        let request = signer.canonicalRequest(
            method: testCase.method,
            path: testCase.path,
            query: testCase.query + presigned.query,
            headers: presigned.headers,
            payloadHash: testCase.payloadHash
        )
        if let expected = presigned.canonicalRequest {
            #expect(request == expected)
        }
        let toSign = signer.stringToSign(canonicalRequest: request, timestamp: Self.time)
        if let expected = presigned.stringToSign {
            #expect(toSign == expected)
        }
        if let expected = presigned.signature {
            let key = signer.signingKey(dateStamp: "20150830")
            #expect(signer.signature(stringToSign: toSign, signingKey: key) == expected)
        }
    }

    @Test("signedHeaders() reproduces the signed-body form of post-x-www-form-urlencoded end to end")
    func signedHeadersEndToEnd() {
        let testCase = Self.postFormSignedBody
        let added = testCase.signer.signedHeaders(
            method: "POST",
            path: "/",
            query: [],
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com"),
                ("Content-Length", "13"),
            ],
            payloadHash: SigV4.sha256Hex(Array("Param1=value1".utf8)),
            timestamp: Self.time
        )
        #expect(value(of: "authorization", in: added) == testCase.authorization)
        #expect(value(of: "x-amz-date", in: added) == "20150830T123600Z")
        #expect(value(of: "x-amz-content-sha256", in: added) == testCase.payloadHash)
    }
}
