import Crypto

/// The two digests S3 checks a body against: `Content-MD5` (base64) and `x-amz-content-sha256` (hex).
///
/// Computed once per body, not per attempt; reads the body in place.
package struct PayloadDigest: Sendable, Equatable {
    package var md5: [UInt8]
    package var sha256Hex: String

    package init(_ body: [UInt8]) {
        md5 = Array(Insecure.MD5.hash(data: body))
        sha256Hex = PayloadDigest.hex(SHA256.hash(data: body))
    }

    package var contentMD5: String { PayloadDigest.base64(md5) }
    package var md5Hex: String { PayloadDigest.hex(md5) }

    package static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 4648 base64 with padding.
    package static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = Int(bytes[i])
            let b1 = i + 1 < bytes.count ? Int(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? Int(bytes[i + 2]) : 0
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[((b0 & 0x03) << 4) | (b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[((b1 & 0x0F) << 2) | (b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[b2 & 0x3F] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
