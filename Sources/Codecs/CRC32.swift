import CDeflate
import CZlib

/// CRC-32 as gzip uses it (RFC 1952 §8, the ISO-HDLC polynomial), computed by libdeflate and joined by zlib.
package enum CRC32 {
    /// The CRC-32 of `bytes`, continuing the checksum `crc` of the bytes before them (0 to start).
    @inline(__always)
    package static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        libdeflate_crc32(crc, bytes.baseAddress, bytes.count)
    }

    /// The CRC-32 of bytes A followed by bytes B, from the CRC-32s of A and B and the length of B (zlib's
    /// `crc32_combine`, O(log length) work).
    package static func combine(_ first: UInt32, _ second: UInt32, secondCount: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: crc32_combine(UInt(first), UInt(second), .init(secondCount)))
    }
}
