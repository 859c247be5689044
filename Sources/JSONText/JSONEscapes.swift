#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// JSON string bodies (RFC 8259 §7): decoding the escapes of one read from a record, and escaping one for output.
///
/// Pure byte functions over caller-owned memory, shared by the record path and the expression language.
package enum JSONEscapes {
    /// The most bytes ``escape(_:count:to:)`` writes for `count` bytes of text.
    @inlinable
    package static func maximumEscapedLength(_ count: Int) -> Int { count * 6 }

    /// Writes `text` as a string body: `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes.
    ///
    /// Other bytes, including UTF-8 above 0x7F, are copied. Returns the number of bytes written.
    package static func escape(_ text: UnsafePointer<UInt8>, count: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var o = 0
        var runStart = 0
        var i = 0
        while i < count {
            let byte = text[i]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else {
                i += 1
                continue
            }
            if i > runStart {
                (out + o).update(from: text + runStart, count: i - runStart)
                o += i - runStart
            }
            out[o] = UInt8(ascii: "\\")
            switch byte {
            case 0x22, 0x5C:
                out[o + 1] = byte
                o += 2
            case 0x08, 0x0C, 0x0A, 0x0D, 0x09:
                let letters: StaticString = "btn\0fr"
                out[o + 1] = letters.utf8Start[Int(byte - 0x08)]
                o += 2
            default:
                let hex: StaticString = "0123456789abcdef"
                out[o + 1] = UInt8(ascii: "u")
                out[o + 2] = UInt8(ascii: "0")
                out[o + 3] = UInt8(ascii: "0")
                out[o + 4] = hex.utf8Start[Int(byte >> 4)]
                out[o + 5] = hex.utf8Start[Int(byte & 0xF)]
                o += 6
            }
            i += 1
            runStart = i
        }
        if count > runStart {
            (out + o).update(from: text + runStart, count: count - runStart)
            o += count - runStart
        }
        return o
    }

    /// Writes the decoded text of a string body with backslash escapes; returns the byte count, at most `count`.
    ///
    /// Lone surrogates become U+FFFD. A body that a JSON scanner validated decodes exactly; an escape that is not
    /// valid is copied as it stands, so no input reads past `count`.
    package static func unescape(_ source: UnsafePointer<UInt8>, count: Int, to out: UnsafeMutablePointer<UInt8>) -> Int
    {
        var i = 0
        var o = 0
        while i < count {
            let run = memchr(source + i, Int32(UInt8(ascii: "\\")), count - i)
            let runEnd = run.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - source } ?? count
            if runEnd > i {
                (out + o).update(from: source + i, count: runEnd - i)
                o += runEnd - i
                i = runEnd
            }
            guard i + 1 < count else { break }
            let escaped = source[i + 1]
            switch escaped {
            case UInt8(ascii: "b"): out[o] = 0x08
            case UInt8(ascii: "f"): out[o] = 0x0C
            case UInt8(ascii: "n"): out[o] = 0x0A
            case UInt8(ascii: "r"): out[o] = 0x0D
            case UInt8(ascii: "t"): out[o] = 0x09
            case UInt8(ascii: "u"):
                guard i + 6 <= count, var scalar = hex4(source + i + 2) else {
                    out[o] = source[i]
                    o += 1
                    i += 1
                    continue
                }
                i += 6
                if scalar & 0xFC00 == 0xD800, i + 6 <= count, source[i] == UInt8(ascii: "\\"),
                    source[i + 1] == UInt8(ascii: "u"), let low = hex4(source + i + 2), low & 0xFC00 == 0xDC00
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                if scalar & 0xF800 == 0xD800 { scalar = 0xFFFD }
                o += UTF8Scalar.write(scalar, to: out + o)
                continue
            default: out[o] = escaped  // '"', '\\' and '/'
            }
            o += 1
            i += 2
        }
        if i < count {
            out[o] = source[i]
            o += 1
        }
        return o
    }

    private static func hex4(_ p: UnsafePointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for k in 0..<4 {
            let byte = p[k]
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }
}
