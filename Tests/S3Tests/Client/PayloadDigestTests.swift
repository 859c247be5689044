import Testing

@testable import S3

struct PayloadDigestTests {
    @Test func knownDigestsOfEmptyAndAbc() {
        let empty = PayloadDigest([])
        #expect(empty.contentMD5 == "1B2M2Y8AsgTpgAmY7PhCfg==")
        #expect(empty.sha256Hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let abc = PayloadDigest(Array("abc".utf8))
        #expect(abc.md5Hex == "900150983cd24fb0d6963f7d28e17f72")
        #expect(abc.contentMD5 == "kAFQmDzST7DWlj99KOF/cg==")
        #expect(abc.sha256Hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")])
    func base64MatchesRFC4648(_ input: String, _ expected: String) {
        #expect(PayloadDigest.base64(Array(input.utf8)) == expected)
    }
}
