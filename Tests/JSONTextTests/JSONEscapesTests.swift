import JSONText
import Testing

@Suite struct JSONEscapesTests {
    private func escaped(_ text: String) -> String {
        let bytes = Array(text.utf8)
        return withUnsafeTemporaryAllocation(
            of: UInt8.self, capacity: max(1, JSONEscapes.maximumEscapedLength(bytes.count))
        ) {
            out in
            let count = bytes.withUnsafeBufferPointer {
                JSONEscapes.escape(
                    $0.baseAddress ?? UnsafePointer(out.baseAddress!), count: $0.count, to: out.baseAddress!)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out[0..<count]), as: UTF8.self)
        }
    }

    private func unescaped(_ body: String) -> String {
        let bytes = Array(body.utf8)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, bytes.count)) { out in
            let count = bytes.withUnsafeBufferPointer {
                JSONEscapes.unescape(
                    $0.baseAddress ?? UnsafePointer(out.baseAddress!), count: $0.count, to: out.baseAddress!)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out[0..<count]), as: UTF8.self)
        }
    }

    static let escapes: [(String, String)] = [
        ("", ""), ("plain", "plain"), ("a\"b", #"a\"b"#), ("back\\slash", #"back\\slash"#), ("\n\r\t", #"\n\r\t"#),
        ("\u{8}\u{C}", #"\b\f"#), ("\u{0}\u{1}\u{B}\u{1F}", #"\u0000\u0001\u000b\u001f"#), ("/", "/"),
        ("café ☕ 😀", "café ☕ 😀"), ("\u{7F}", "\u{7F}"),
    ]

    @Test(arguments: escapes)
    func escapesPerRFC8259(_ text: String, _ body: String) {
        #expect(escaped(text) == body)
        #expect(unescaped(body) == text)
    }

    static let decodings: [(String, String)] = [
        (#"\u00e9"#, "é"), (#"\ud83d\ude00"#, "😀"), (#"\/"#, "/"), (#"\ud800x"#, "\u{FFFD}x"),
        (#"\udc00"#, "\u{FFFD}"), (#"a\u0041b"#, "aAb"),
    ]

    @Test(arguments: decodings)
    func decodesUnicodeEscapes(_ body: String, _ text: String) {
        #expect(unescaped(body) == text)
    }

    /// A body whose escape is cut short or not hexadecimal is copied as it stands, never read past its end.
    @Test(arguments: [#"ab\"#, #"\u12"#, #"\uZZZZ"#, #"x\u00e"#])
    func copiesInvalidEscapesAsTheyStand(_ body: String) {
        #expect(unescaped(body) == body)
    }

    /// Escaping and decoding are inverses on every text of up to three scalars drawn from each kind.
    @Test func roundTripsEveryShortText() {
        let pool: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{0}", "\u{1F}", "é", "☕", "😀", " ", "/", "\u{7F}"]
        var texts = [""]
        for _ in 0..<3 { texts = texts.flatMap { text in pool.map { text + String($0) } } }
        for text in texts {
            #expect(unescaped(escaped(text)) == text)
        }
    }
}
