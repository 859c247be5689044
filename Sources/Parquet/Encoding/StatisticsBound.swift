/// Turns a byte-array statistic cut to a prefix into a valid lower or upper bound.
///
/// parquet.thrift, `Statistics.min_value`: bounds "may be ... (more compact) values that do not exist on a page or
/// column chunk ... Such more compact values must still be valid values within the column's logical type", so a
/// UTF-8 bound never ends inside a character.
enum StatisticsBound {
    /// `prefix` without a trailing incomplete UTF-8 character: still a prefix of the value, so a lower bound.
    static func lowerBound(ofPrefix prefix: [UInt8], isUTF8: Bool) -> [UInt8] {
        guard isUTF8 else { return prefix }
        return Array(prefix[0..<completeUTF8Length(prefix)])
    }

    /// The least value greater than every value starting with `prefix`'s complete part: its last character (or
    /// byte, for binary) incremented, dropping trailing characters that cannot grow; nil when none can.
    static func upperBound(ofPrefix prefix: [UInt8], isUTF8: Bool) -> [UInt8]? {
        var bytes = prefix
        if !isUTF8 {
            while let last = bytes.last {
                if last < 0xFF {
                    bytes[bytes.count - 1] = last + 1
                    return bytes
                }
                bytes.removeLast()
            }
            return nil
        }
        bytes.removeSubrange(completeUTF8Length(bytes)...)
        while !bytes.isEmpty {
            var start = bytes.count - 1
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let scalar = decodeScalar(bytes[start...])
            bytes.removeSubrange(start...)
            var next = scalar + 1
            if next == 0xD800 { next = 0xE000 }
            if next <= 0x10FFFF {
                appendUTF8(next, to: &bytes)
                return bytes
            }
        }
        return nil
    }

    /// The length of `bytes` without a trailing character whose encoding runs past the end.
    static func completeUTF8Length(_ bytes: [UInt8]) -> Int {
        var start = bytes.count
        var back = 0
        while start > 0 && back < 4 {
            start -= 1
            back += 1
            if bytes[start] & 0xC0 != 0x80 { break }
        }
        guard start < bytes.count else { return bytes.count }
        let lead = bytes[start]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return start + length <= bytes.count ? bytes.count : start
    }

    private static func decodeScalar(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        let lead = UInt32(bytes[bytes.startIndex])
        switch bytes.count {
        case 1: return lead
        case 2: return (lead & 0x1F) << 6 | UInt32(bytes[bytes.startIndex + 1] & 0x3F)
        case 3:
            return (lead & 0x0F) << 12 | UInt32(bytes[bytes.startIndex + 1] & 0x3F) << 6
                | UInt32(bytes[bytes.startIndex + 2] & 0x3F)
        default:
            return (lead & 0x07) << 18 | UInt32(bytes[bytes.startIndex + 1] & 0x3F) << 12
                | UInt32(bytes[bytes.startIndex + 2] & 0x3F) << 6 | UInt32(bytes[bytes.startIndex + 3] & 0x3F)
        }
    }

    private static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes += [UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F)]
        case 0x800..<0x10000:
            bytes += [UInt8(0xE0 | scalar >> 12), UInt8(0x80 | scalar >> 6 & 0x3F), UInt8(0x80 | scalar & 0x3F)]
        default:
            bytes += [
                UInt8(0xF0 | scalar >> 18), UInt8(0x80 | scalar >> 12 & 0x3F), UInt8(0x80 | scalar >> 6 & 0x3F),
                UInt8(0x80 | scalar & 0x3F),
            ]
        }
    }
}
