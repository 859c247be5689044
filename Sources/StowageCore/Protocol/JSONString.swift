import JSONText

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
        JSONEscapes.unescape(source, count: count, to: out)
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
