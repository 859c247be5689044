/// UTF-8 decoding of single scalars, and the case mappings of `lower` and `upper`.
enum UTF8Text {
    /// The scalar that starts at `text[i]` and its length in bytes; a malformed sequence reads as one U+FFFD byte.
    @inline(__always)
    static func decode(_ text: UnsafePointer<UInt8>, count: Int, at i: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = UInt32(text[i])
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        guard lead >= 0xC2, lead < 0xF5, i + length <= count else { return ("\u{FFFD}", 1) }
        var value = lead & (0x7F >> UInt32(length))
        for k in 1..<length {
            let byte = UInt32(text[i + k])
            guard byte & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | (byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", 1) }
        return (scalar, length)
    }

    /// Whether `text` is unchanged by the mapping: ASCII with no letter of the other case.
    static func isUnchangedASCII(_ text: UnsafeBufferPointer<UInt8>, upper: Bool) -> Bool {
        let from = upper ? UInt8(ascii: "a") : UInt8(ascii: "A")
        for byte in text {
            if byte >= 0x80 || byte &- from < 26 { return false }
        }
        return true
    }

    /// The length of `text` after ``mapCase(_:upper:to:)``.
    static func mappedLength(_ text: UnsafeBufferPointer<UInt8>, upper: Bool) -> Int {
        var length = 0
        var i = 0
        let base = text.baseAddress!
        while i < text.count {
            if text[i] < 0x80 {
                length += 1
                i += 1
                continue
            }
            let (scalar, size) = decode(base, count: text.count, at: i)
            let mapped = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
            length += mapped.utf8.count
            i += size
        }
        return length
    }

    /// Writes `text` with Unicode's full default case mapping applied scalar by scalar (no locale, no context).
    ///
    /// `out` must hold ``mappedLength(_:upper:)`` bytes. The mapping of one scalar is at most three scalars, so the
    /// `String` that the standard library returns for it is stored inline, without allocating.
    static func mapCase(_ text: UnsafeBufferPointer<UInt8>, upper: Bool, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let from = upper ? UInt8(ascii: "a") : UInt8(ascii: "A")
        var o = 0
        var i = 0
        let base = text.baseAddress!
        while i < text.count {
            let byte = text[i]
            if byte < 0x80 {
                out[o] = byte &- from < 26 ? byte ^ 0x20 : byte
                o += 1
                i += 1
                continue
            }
            let (scalar, size) = decode(base, count: text.count, at: i)
            let mapped = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
            for unit in mapped.utf8 {
                out[o] = unit
                o += 1
            }
            i += size
        }
        return o
    }
}
