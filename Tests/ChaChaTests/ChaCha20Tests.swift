import Testing

@testable import ChaCha

@Suite struct ChaCha20Tests {
    static let rfcKey = [UInt8](0..<32)

    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8).map { UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 ? $0 - 48 : $0 - 87 }
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    static func cipher(key: [UInt8], nonce: [UInt8], counter: UInt32) -> ChaCha20 {
        key.withUnsafeBytes { k in nonce.withUnsafeBytes { ChaCha20(key: k, nonce: $0, counter: counter) } }
    }

    static func keystream(key: [UInt8], nonce: [UInt8], counter: UInt32, count: Int) -> [UInt8] {
        var cipher = cipher(key: key, nonce: nonce, counter: counter)
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { cipher.fill($0) }
        return out
    }

    /// RFC 8439 §2.3.2: the block function's test vector.
    @Test func blockMatchesRFC8439Section2_3_2() {
        let block = Self.keystream(
            key: Self.rfcKey, nonce: Self.bytes("000000090000004a00000000"), counter: 1, count: 64)
        #expect(
            block
                == Self.bytes(
                    "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                        + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e"))
    }

    /// RFC 8439 §2.4.2: 114 bytes of plaintext, two blocks (the second partial), XORed with the keystream.
    @Test func encryptionMatchesRFC8439Section2_4_2() {
        let plaintext = Array(
            ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
                + "sunscreen would be it.").utf8)
        let stream = Self.keystream(
            key: Self.rfcKey, nonce: Self.bytes("000000000000004a00000000"), counter: 1, count: plaintext.count)
        let ciphertext = zip(plaintext, stream).map { $0 ^ $1 }
        #expect(
            ciphertext
                == Self.bytes(
                    "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
                        + "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
                        + "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
                        + "5af90bbf74a35be6b40b8eedf2785e42874d"))
    }

    /// Another key and nonce, from block 7: the tail of 1,000 bytes (four-block steps and a partial block) and
    /// the block after them, both from Python's `cryptography` (OpenSSL's ChaCha20).
    static let otherKey = (0..<32).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
    static let otherNonce = (0..<12).map { UInt8(truncatingIfNeeded: $0 * 13 + 1) }

    @Test func longStreamMatchesAnIndependentImplementation() {
        var cipher = Self.cipher(key: Self.otherKey, nonce: Self.otherNonce, counter: 7)
        var first = [UInt8](repeating: 0, count: 1000)
        first.withUnsafeMutableBytes { cipher.fill($0) }
        #expect(
            first[960...]
                == Self.bytes("0a1c203361d3e88b409a42da218fc72bb3d78901fce4ba2316ee25da0eb72f9ba15e0f67e4498d51")[...])
        // 1,000 bytes take 16 blocks: the partial one is used up.
        #expect(cipher.counter == 23)
        var next = [UInt8](repeating: 0, count: 64)
        next.withUnsafeMutableBytes { cipher.fill($0) }
        #expect(
            next
                == Self.bytes(
                    "9aa7419ddefce81db9bc789df515f41d8bb946e41c649309d32f6f71fd0caea0"
                        + "8bff4d3349290953e8a6d1e0d74507eecf33e983d5a05e5095fe6d30aecf3a47"))
    }

    /// Whole blocks in calls of any size continue one stream: the same bytes as one call.
    @Test(arguments: [[64], [64, 128, 192, 256, 320, 448], [1024, 64, 3008], [4096]])
    func callsOfWholeBlocksContinueTheStream(chunks: [Int]) {
        let whole = Self.keystream(key: Self.otherKey, nonce: Self.otherNonce, counter: 0, count: 4096)
        var cipher = Self.cipher(key: Self.otherKey, nonce: Self.otherNonce, counter: 0)
        var pieces: [UInt8] = []
        for size in chunks {
            var piece = [UInt8](repeating: 0, count: size)
            piece.withUnsafeMutableBytes { cipher.fill($0) }
            pieces += piece
        }
        #expect(pieces == Array(whole.prefix(pieces.count)))
    }
}
