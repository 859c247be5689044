#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decoding of JSON string contents that ``JSONScanner`` has already validated.
package enum JSONString {
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte &- UInt8(ascii: "A") &+ 10)
        default: nil
        }
    }

    /// Writes the decoded text of `source[0..<count]` (a validated string body, without quotes) at `out`.
    ///
    /// Lone surrogates (`\uD800` with no partner) become U+FFFD. Returns the number of bytes written, at most
    /// `count` (every escape is at least as long as what it stands for).
    @inline(__always)
    package static func decode(
        _ source: UnsafePointer<UInt8>, count: Int, into out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var i = 0
        var o = 0
        while i < count {
            // Copy the run up to the next backslash.
            let run = memchr(source + i, Int32(UInt8(ascii: "\\")), count - i)
            let runEnd = run.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - source } ?? count
            if runEnd > i {
                (out + o).update(from: source + i, count: runEnd - i)
                o += runEnd - i
                i = runEnd
            }
            guard i < count else { break }
            let escaped = source[i + 1]
            i += 2
            switch escaped {
            case UInt8(ascii: "b"):
                out[o] = 0x08
                o += 1
            case UInt8(ascii: "f"):
                out[o] = 0x0C
                o += 1
            case UInt8(ascii: "n"):
                out[o] = 0x0A
                o += 1
            case UInt8(ascii: "r"):
                out[o] = 0x0D
                o += 1
            case UInt8(ascii: "t"):
                out[o] = 0x09
                o += 1
            case UInt8(ascii: "u"):
                var scalar = hex4(source + i)
                i += 4
                if scalar & 0xFC00 == 0xD800, i + 6 <= count, source[i] == UInt8(ascii: "\\"),
                    source[i + 1] == UInt8(ascii: "u")
                {
                    let low = hex4(source + i + 2)
                    if low & 0xFC00 == 0xDC00 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                if scalar & 0xF800 == 0xD800 { scalar = 0xFFFD }
                o += writeUTF8(scalar, to: out + o)
            default:  // '"', '\\' and '/'
                out[o] = escaped
                o += 1
            }
        }
        return o
    }

    @inline(__always)
    private static func hex4(_ p: UnsafePointer<UInt8>) -> UInt32 {
        (hexValue(p[0])! << 12) | (hexValue(p[1])! << 8) | (hexValue(p[2])! << 4) | hexValue(p[3])!
    }

    @inline(__always)
    private static func writeUTF8(_ scalar: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            out[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | (scalar >> 6))
            out[1] = UInt8(0x80 | (scalar & 0x3F))
            return 2
        case 0x800..<0x10000:
            out[0] = UInt8(0xE0 | (scalar >> 12))
            out[1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[2] = UInt8(0x80 | (scalar & 0x3F))
            return 3
        default:
            out[0] = UInt8(0xF0 | (scalar >> 18))
            out[1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
            out[2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[3] = UInt8(0x80 | (scalar & 0x3F))
            return 4
        }
    }

    /// The decoded text of a validated string span (quotes included) of `line`, as a Swift string.
    package static func text(of span: JSONSpan, in line: UnsafeBufferPointer<UInt8>) -> String {
        let body = line.baseAddress! + span.start + 1
        let length = span.end - span.start - 2
        if !span.flags.contains(.escape) {
            return String(decoding: UnsafeBufferPointer(start: body, count: length), as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: max(length, 1)) { buffer in
            decode(body, count: length, into: buffer.baseAddress!)
        }
    }
}
