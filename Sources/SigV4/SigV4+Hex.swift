import Crypto

extension SigV4 {
    /// Returns `bytes` as lowercase hex, two characters a byte, through a 16-entry lookup table.
    static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let digits: StaticString = "0123456789abcdef"
        return digits.withUTF8Buffer { table in
            String(unsafeUninitializedCapacity: bytes.count * 2) { out in
                var i = 0
                for byte in bytes {
                    out[i] = table[Int(byte >> 4)]
                    out[i + 1] = table[Int(byte & 0x0F)]
                    i += 2
                }
                return i
            }
        }
    }

    /// Returns a SHA-256 digest as lowercase hex.
    static func hex(_ digest: SHA256.Digest) -> String {
        digest.withUnsafeBytes { hex($0) }
    }

    /// Returns an HMAC-SHA256 code as lowercase hex.
    static func hex(_ code: HashedAuthenticationCode<SHA256>) -> String {
        code.withUnsafeBytes { hex($0) }
    }
}
