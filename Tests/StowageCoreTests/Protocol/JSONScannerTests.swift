import Foundation
import Testing

@testable import StowageCore

@Suite struct JSONScannerTests {
    static let valid: [String] = [
        #"{}"#, #"[]"#, #"{"a":1}"#, #"{"a":[1,2,{"b":null}],"c":true,"d":false}"#, #" { "a" : "x" } "#,
        #"{"n":-0.5e+10}"#, #"{"n":0}"#, #"{"n":123.456E-7}"#, #"{"s":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}"#,
        #"{"s":"café 日本 😀"}"#, #"{"s":"a,b,c,d,e,f,g,h,i,j"}"#, #"[[[[[]]]]]"#, "\"x\"", "42", "null",
        #"{"long":"0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"}"#,
    ]
    static let invalid: [String] = [
        #"{"#, #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, #"[1,]"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#,
        #"{"a":1e}"#, #"{"a":tru}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, "{\"a\":\"tab\there\"}", #"{'a':1}"#,
        #"{"a":1}}"#, #"{"a":1} x"#, #"{"a" 1}"#, #"[1 2]"#, #"{"a":"unterminated}"#, #"{a:1}"#, "",
    ]

    @Test(arguments: valid)
    func acceptsWhatFoundationAccepts(_ text: String) throws {
        let bytes = Array(text.utf8)
        #expect((try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) != nil)
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            _ = try scanner.value()
            try scanner.expectEnd()
        }
    }

    /// Invalid under RFC 8259 (Foundation itself tolerates trailing commas, so it is no oracle here).
    @Test(arguments: invalid)
    func rejectsInvalidDocuments(_ text: String) {
        let bytes = Array(text.utf8)
        let accepted = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var scanner = JSONScanner(buffer)
            do {
                _ = try scanner.value()
                try scanner.expectEnd()
                return true
            } catch { return false }
        }
        #expect(!accepted)
    }

    static let invalidUTF8: [[UInt8]] = [
        [0x22, 0xC3, 0x22], [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
        [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
        [0x22, 0xE2, 0x82, 0x22], [0x22, 0xFF, 0x22], Array("\"0123456789".utf8) + [0x80] + Array("abcdefgh\"".utf8),
    ]

    @Test(arguments: invalidUTF8)
    func rejectsInvalidUTF8(_ bytes: [UInt8]) {
        let reason = bytes.withUnsafeBufferPointer { buffer -> String? in
            var scanner = JSONScanner(buffer)
            do {
                _ = try scanner.value()
                return nil
            } catch { return (error as? JSONSyntaxError)?.reason }
        }
        #expect(reason?.contains("UTF-8") == true)
    }

    @Test func flagsDescribeStrings() throws {
        let text = #"["plain","with,comma","esc\"aped","日本",{ "a" : 1 },{"a":1}]"#
        var spans: [JSONSpan] = []
        try Array(text.utf8).withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            try scanner.expect(UInt8(ascii: "["))
            var first = true
            while try scanner.nextElement(first: &first) { spans.append(try scanner.value()) }
        }
        #expect(spans.map(\.flags) == [[], [], [.escape], [.nonASCII], [.whitespace], []])
    }

    @Test func bytesPastAStringDoNotFlagIt() throws {
        // The SWAR loop sees bytes past the closing quote; only what is inside counts.
        let text = #"{"k":"abc","l":"defghijklmnop"},"\\x"}"#
        var flags: [JSONFlags] = []
        try Array(text.utf8).withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            try scanner.expect(UInt8(ascii: "{"))
            var first = true
            while let key = try scanner.nextKey(first: &first) {
                flags.append(key.flags)
                flags.append(try scanner.value().flags)
            }
        }
        #expect(flags.allSatisfy { $0.isEmpty })
    }

    @Test func rejectsDeepNesting() {
        let bytes = Array(String(repeating: "[", count: 600).utf8) + Array(String(repeating: "]", count: 600).utf8)
        let reason = bytes.withUnsafeBufferPointer { buffer -> String? in
            var scanner = JSONScanner(buffer)
            do {
                _ = try scanner.value()
                return nil
            } catch { return (error as? JSONSyntaxError)?.reason }
        }
        #expect(reason?.contains("nested") == true)
    }

    @Test func treeKeepsNumbersAndOrder() throws {
        let value = try JSONValue.parse(Array(#"{"b":1.50,"a":["x",null,true],"c":{"d":"\u00e9"}}"#.utf8))
        #expect(value.serialized == #"{"b":1.50,"a":["x",null,true],"c":{"d":"é"}}"#)
    }

    /// Batches hold spans by the million, read on another core: 12 bytes each, optional or not, and offsets up to a
    /// line of the largest `max_record_size_mb` kept exactly.
    @Test func spansAreTwelveBytesAndHoldEveryOffsetOfTheLongestLine() {
        #expect(MemoryLayout<JSONSpan>.stride == 12 && MemoryLayout<JSONSpan?>.stride == 12)
        let longest = 2048 * 1_048_576
        var span = JSONSpan(start: longest - 1, end: longest, kind: .string, flags: .escape)
        #expect(span.start == longest - 1 && span.end == longest && span.kind == .string && span.flags == .escape)
        span.end = 7
        #expect(span.end == 7 && span.start == longest - 1)
    }
}
