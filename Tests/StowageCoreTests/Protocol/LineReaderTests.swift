import StowageTesting
import Testing

@testable import StowageCore

@Suite struct LineReaderTests {
    static let chunkSizes = [1, 2, 7, 64, 4096]

    /// The trusted oracle: split on "\n", drop one trailing "\r", drop the empty piece after a final newline.
    static func oracle(_ text: String) -> [String] {
        // Split the scalars, not the characters: "\r\n" is one Character in Swift.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var scalars = String.UnicodeScalarView(line)
            if scalars.last == "\r" { scalars.removeLast() }
            return String(scalars)
        }
        if text.unicodeScalars.last == "\n" || text.isEmpty { lines.removeLast() }
        return lines
    }

    static func read(_ text: String, chunkSize: Int, readerChunk: Int = 16) throws -> [String] {
        let reader = LineReader(
            MemoryInput(text, chunkSize: chunkSize), maximumLineLength: 1 << 20, chunkSize: readerChunk)
        var lines: [String] = []
        while case .line(let line, let number) = try reader.next() {
            #expect(number == lines.count + 1)
            lines.append(String(decoding: line, as: UTF8.self))
        }
        return lines
    }

    static let inputs = [
        "", "\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\n\n",
        "first line\nsecond, longer line than the buffer is\nthird\n",
        String(repeating: "0123456789abcdef", count: 40) + "\nshort\n" + String(repeating: "x", count: 100),
        "é日本😀\n😀😀\n",
    ]

    @Test(arguments: inputs, chunkSizes)
    func matchesTheOracle(_ text: String, chunkSize: Int) throws {
        #expect(try Self.read(text, chunkSize: chunkSize) == Self.oracle(text))
        #expect(try Self.read(text, chunkSize: chunkSize, readerChunk: 4096) == Self.oracle(text))
    }

    @Test func refusesALineLongerThanTheLimit() throws {
        let text = "ok\n" + String(repeating: "x", count: 5000) + "\n"
        let reader = LineReader(MemoryInput(text, chunkSize: 7), maximumLineLength: 1000, chunkSize: 64)
        guard case .line = try reader.next() else {
            Issue.record("expected the first line")
            return
        }
        #expect(throws: InputError.self) { try reader.next() }
    }
}
