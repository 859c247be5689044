import Testing

@testable import SigV4

/// The stateless helpers: URI encoding, the canonical query string, canonical headers, path normalisation,
/// dates and hashes.
struct SigV4Tests {
    // MARK: - URI encoding

    struct Encoding: Sendable, CustomTestStringConvertible {
        var input: String
        var encodeSlash: Bool
        var expected: String
        var testDescription: String { "\(input) (encodeSlash: \(encodeSlash))" }
    }

    static let encodings = [
        Encoding(input: "", encodeSlash: true, expected: ""),
        Encoding(
            input: "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            encodeSlash: true,
            expected: "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        ),
        // Published: the S3 PUT Object example's key, and the suite's get-utf8 path.
        Encoding(input: "test$file.text", encodeSlash: false, expected: "test%24file.text"),
        Encoding(input: "/ሴ", encodeSlash: false, expected: "/%E1%88%B4"),
        Encoding(input: "a b", encodeSlash: true, expected: "a%20b"),
        Encoding(input: "a/b", encodeSlash: true, expected: "a%2Fb"),
        Encoding(input: "a/b", encodeSlash: false, expected: "a/b"),
        Encoding(input: "a+b=c&d", encodeSlash: true, expected: "a%2Bb%3Dc%26d"),
        Encoding(input: "~*!'()", encodeSlash: true, expected: "~%2A%21%27%28%29"),
        Encoding(input: "100%", encodeSlash: true, expected: "100%25"),
        Encoding(input: "café", encodeSlash: true, expected: "caf%C3%A9"),
        Encoding(input: "🙂", encodeSlash: true, expected: "%F0%9F%99%82"),
        Encoding(
            input: "stream=users/2024-01-01 00:00/part-00001.jsonl.gz",
            encodeSlash: false,
            expected: "stream%3Dusers/2024-01-01%2000%3A00/part-00001.jsonl.gz"
        ),
    ]

    @Test("uriEncode keeps unreserved characters and writes everything else as uppercase %XX", arguments: encodings)
    func uriEncode(_ encoding: Encoding) {
        #expect(SigV4.uriEncode(encoding.input, encodeSlash: encoding.encodeSlash) == encoding.expected)
    }

    @Test("uriEncode encodes every byte outside the unreserved set, and only those")
    func uriEncodeEveryASCIIByte() {
        for byte in UInt8(0)...UInt8(127) {
            let scalar = String(UnicodeScalar(byte))
            let unreserved =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || (byte >= 0x30 && byte <= 0x39) || "-._~".utf8.contains(byte)
            let hex = String(byte, radix: 16, uppercase: true)
            let encoded = "%" + (hex.count == 1 ? "0" + hex : hex)
            #expect(SigV4.uriEncode(scalar, encodeSlash: true) == (unreserved ? scalar : encoded))
        }
    }

    // MARK: - Canonical query string

    struct Query: Sendable, CustomTestStringConvertible {
        var name: String
        var query: [(String, String)]
        var expected: String
        var testDescription: String { name }
    }

    static let queries = [
        Query(name: "empty", query: [], expected: ""),
        Query(name: "empty value keeps its '='", query: [("lifecycle", "")], expected: "lifecycle="),
        Query(name: "sorted by name", query: [("prefix", "J"), ("max-keys", "2")], expected: "max-keys=2&prefix=J"),
        Query(name: "uppercase sorts first", query: [("b", "2"), ("a", "1"), ("A", "0")], expected: "A=0&a=1&b=2"),
        Query(name: "repeated name sorted by value", query: [("k", "b"), ("k", "a")], expected: "k=a&k=b"),
        Query(
            name: "space, '/', '+', '=', '~' and UTF-8 in values",
            query: [("v", "a b/c+d=e~f"), ("u", "ሴ")],
            expected: "u=%E1%88%B4&v=a%20b%2Fc%2Bd%3De~f"
        ),
        Query(
            name: "S3 multipart parameters",
            query: [("uploadId", "VXBsb2FkIElE+/="), ("partNumber", "10")],
            expected: "partNumber=10&uploadId=VXBsb2FkIElE%2B%2F%3D"
        ),
        Query(
            name: "sorted after encoding",
            query: [("a-b", "1"), ("a b", "2")],
            expected: "a%20b=2&a-b=1"
        ),
    ]

    @Test("canonicalQueryString encodes, then sorts by name and value", arguments: queries)
    func canonicalQueryString(_ query: Query) {
        #expect(SigV4.canonicalQueryString(query.query) == query.expected)
    }

    // MARK: - Canonical headers

    @Test("canonical headers lowercase names, trim and collapse values, sort, and join repeats with commas")
    func canonicalHeaders() {
        let result = SigV4.canonicalHeaders([
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("X-Amz-Meta-Note", "  two   spaces\tand a tab  "),
            ("Content-Type", "text/plain"),
            ("x-amz-meta-list", "b"),
            ("X-AMZ-META-LIST", " a "),
            ("Empty", ""),
        ])
        #expect(
            result.canonicalHeaders == """
                content-type:text/plain
                empty:
                host:examplebucket.s3.amazonaws.com
                x-amz-meta-list:b,a
                x-amz-meta-note:two spaces and a tab

                """
        )
        #expect(result.signedHeaders == "content-type;empty;host;x-amz-meta-list;x-amz-meta-note")
    }

    // MARK: - Path normalisation

    @Test(
        "normalizedPath removes empty, '.' and '..' segments and keeps a trailing slash",
        arguments: [
            ("", "/"), ("/", "/"), ("//", "/"), ("//example//", "/example/"), ("/example/..", "/"),
            ("/example1/example2/../..", "/"), ("/./", "/"), ("/./example", "/example"),
            ("/example space/", "/example space/"), ("/a/b/../c", "/a/c"), ("/a/./b/", "/a/b/"), ("/..", "/"),
            ("/a/b/.", "/a/b/"),
        ]
    )
    func normalizedPath(_ path: String, _ expected: String) {
        #expect(SigV4.normalizedPath(path) == expected)
    }

    @Test("S3 signers leave the wire path alone; other services normalise and encode it again")
    func canonicalURI() {
        let credentials = SigV4Credentials(accessKeyId: "AKID", secretAccessKey: "secret")
        let s3 = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let other = SigV4Signer(
            credentials: credentials, region: "us-east-1", service: "service", doubleURIEncode: true)
        let wire = "/" + SigV4.uriEncode("a//b/./c d.txt", encodeSlash: false)
        #expect(wire == "/a//b/./c%20d.txt")
        #expect(s3.canonicalURI(wire) == "/a//b/./c%20d.txt")
        #expect(other.canonicalURI(wire) == "/a/b/c%2520d.txt")
        #expect(s3.canonicalURI("") == "/")
    }

    // MARK: - Dates

    @Test(
        "amzDate and dateStamp format UTC by hand",
        arguments: [
            (1_369_353_600, "20130524T000000Z"),  // the S3 examples
            (1_440_938_160, "20150830T123600Z"),  // the aws-signing-test-suite
            (0, "19700101T000000Z"),
            (-1, "19691231T235959Z"),
            (951_782_400, "20000229T000000Z"),
            (1_709_251_199, "20240229T235959Z"),
            (4_107_542_399, "21000228T235959Z"),
            (253_402_300_799, "99991231T235959Z"),
            (-62_167_219_200, "00000101T000000Z"),
        ]
    )
    func amzDate(_ timestamp: Int, _ expected: String) {
        #expect(SigV4.amzDate(timestamp) == expected)
        #expect(SigV4.dateStamp(timestamp) == String(expected.prefix(8)))
    }

    // MARK: - Hashes and hex

    @Test("sha256Hex of the empty input is emptyPayloadHash")
    func emptyPayloadHash() {
        #expect(SigV4.sha256Hex([]) == SigV4.emptyPayloadHash)
        #expect(SigV4.emptyPayloadHash == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test(
        "sha256Hex matches published digests through both overloads",
        arguments: [
            // FIPS 180-2 appendix B.1.
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            // The S3 PUT Object example's body.
            ("Welcome to Amazon S3.", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"),
            // The aws-signing-test-suite's post-x-www-form-urlencoded body.
            ("Param1=value1", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
        ]
    )
    func sha256Hex(_ input: String, _ expected: String) {
        let bytes = Array(input.utf8)
        #expect(SigV4.sha256Hex(bytes) == expected)
        #expect(bytes.withUnsafeBytes { SigV4.sha256Hex($0) } == expected)
        #expect(SigV4.sha256Hex(utf8: input) == expected)
    }

    @Test("hex writes every byte value as two lowercase digits")
    func hexEveryByte() {
        let bytes = (0...255).map { UInt8($0) }
        let expected = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(bytes.withUnsafeBytes { SigV4.hex($0) } == expected)
        #expect([UInt8]().withUnsafeBytes { SigV4.hex($0) } == "")
    }
}
