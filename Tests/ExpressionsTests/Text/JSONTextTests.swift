import Testing

@testable import Expressions

@Suite struct JSONTextTests {
    private func escaped(_ text: String) -> String {
        let bytes = Array(text.utf8)
        return withUnsafeTemporaryAllocation(
            of: UInt8.self, capacity: max(1, JSONText.maximumEscapedLength(bytes.count))
        ) {
            out in
            let count = bytes.withUnsafeBufferPointer {
                JSONText.escape(
                    $0.baseAddress ?? UnsafePointer(out.baseAddress!), count: $0.count, to: out.baseAddress!)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out[0..<count]), as: UTF8.self)
        }
    }

    private func unescaped(_ body: String) -> String {
        let bytes = Array(body.utf8)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, bytes.count)) { out in
            let count = bytes.withUnsafeBufferPointer {
                JSONText.unescape(
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

    /// Escaping and decoding are inverses on random text of every kind of scalar.
    @Test func roundTripsRandomText() {
        var random = SeededGenerator(seed: 11)
        let pool: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{0}", "\u{1F}", "é", "☕", "😀", " ", "/", "\u{7F}"]
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                text.unicodeScalars.append(pool.randomElement(using: &random)!)
            }
            #expect(unescaped(escaped(text)) == text)
            #expect(escaped(text) == JSON.escapedBody(text, escapeAll: false))
        }
    }
}
