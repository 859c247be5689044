/// Writes validated JSON text without its insignificant whitespace, straight from the input bytes.
///
/// Each writer returns the number of bytes written at `out`, at most the input's length (plus the braces and
/// commas of ``writeObject(of:from:to:)``); the caller has reserved that much.
enum JSONCompactor {
    /// Copies a validated value, dropping whitespace outside strings when `compacting` (its span's
    /// `.whitespace` flag) is set.
    @inline(__always)
    static func write(
        _ source: UnsafePointer<UInt8>, count: Int, compacting: Bool, to out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        guard compacting else {
            out.update(from: source, count: count)
            return count
        }
        var o = 0
        var inString = false
        var i = 0
        while i < count {
            let byte = source[i]
            if inString {
                out[o] = byte
                o += 1
                if byte == UInt8(ascii: "\\") {
                    out[o] = source[i + 1]
                    o += 1
                    i += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
            } else {
                switch byte {
                case 0x20, 0x0A, 0x0D, 0x09: break
                default:
                    if byte == UInt8(ascii: "\"") { inString = true }
                    out[o] = byte
                    o += 1
                }
            }
            i += 1
        }
        return o
    }

    /// `{"key":value,…}` of `members` (spans of `line`), compact; keys keep their escapes as received.
    static func writeObject(
        of members: UnsafeBufferPointer<MemberList.Member>, from line: UnsafePointer<UInt8>,
        to out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        out[0] = UInt8(ascii: "{")
        var o = 1
        for (i, member) in members.enumerated() {
            if i > 0 {
                out[o] = UInt8(ascii: ",")
                o += 1
            }
            o += writeMember(member, from: line, to: out + o)
        }
        out[o] = UInt8(ascii: "}")
        return o + 1
    }

    /// `"key":value` of one member, compact.
    @inline(__always)
    static func writeMember(
        _ member: MemberList.Member, from line: UnsafePointer<UInt8>, to out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let keyLength = member.key.end - member.key.start
        out.update(from: line + member.key.start, count: keyLength)
        out[keyLength] = UInt8(ascii: ":")
        let value = member.value
        return keyLength + 1
            + write(
                line + value.start, count: value.end - value.start, compacting: value.flags.contains(.whitespace),
                to: out + keyLength + 1)
    }
}
