extension JSONScanner {
    /// Reads a string at the current `"`, validating escapes and UTF-8; the span includes both quotes.
    ///
    /// Eight bytes at a time are tested for a quote, a backslash, a control character or a non-ASCII byte
    /// (SWAR); only those bytes take the slow path.
    package mutating func string() throws(JSONSyntaxError) -> JSONSpan {
        let start = position
        var p = position + 1
        var flags: JSONFlags = []
        while true {
            while p &+ 8 <= count {
                let word = UnsafeRawPointer(bytes + p).loadUnaligned(as: UInt64.self)
                let stops =
                    Self.zeroBytes(word ^ 0x2222_2222_2222_2222) | Self.zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
                    | Self.bytesBelow0x20(word) | (word & 0x8080_8080_8080_8080)
                if stops == 0 {
                    p &+= 8
                    continue
                }
                p &+= stops.trailingZeroBitCount >> 3
                break
            }
            guard p < count else {
                position = p
                throw fail("the line ended inside a string")
            }
            let byte = bytes[p]
            switch byte {
            case UInt8(ascii: "\""):
                position = p + 1
                return JSONSpan(start: start, end: position, kind: .string, flags: flags)
            case UInt8(ascii: "\\"):
                flags.insert(.escape)
                p = try escape(at: p)
            case 0..<0x20:
                position = p
                throw fail("a string holds the raw control character \(Self.describe(byte)); escape it")
            case 0x80...:
                flags.insert(.nonASCII)
                p = try utf8Sequence(at: p)
            default:
                p += 1
            }
        }
    }

    /// Validates the escape at `p` (a backslash) and returns the offset after it.
    private func escape(at p: Int) throws(JSONSyntaxError) -> Int {
        guard p + 1 < count else { throw fail("the line ended inside an escape", at: p) }
        switch bytes[p + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return p + 2
        case UInt8(ascii: "u"):
            guard p + 6 <= count else { throw fail("the line ended inside a \\u escape", at: p) }
            for i in 2..<6 where JSONString.hexValue(bytes[p + i]) == nil {
                throw fail("a \\u escape needs four hex digits", at: p)
            }
            return p + 6
        case let other:
            throw fail("'\\\(Self.describe(other))' is not a JSON escape", at: p)
        }
    }

    /// Validates the UTF-8 sequence starting at `p` (a byte ≥ 0x80) and returns the offset after it.
    ///
    /// Table 3-7 of the Unicode Standard: well-formed UTF-8 byte sequences.
    private func utf8Sequence(at p: Int) throws(JSONSyntaxError) -> Int {
        let lead = bytes[p]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: throw fail("invalid UTF-8 (byte \(Self.describe(lead)))", at: p)
        }
        guard p + length <= count else { throw fail("invalid UTF-8 (a sequence is cut short)", at: p) }
        let second = bytes[p + 1]
        guard second >= low, second <= high else {
            throw fail("invalid UTF-8 (byte \(Self.describe(second)))", at: p + 1)
        }
        for i in 2..<length where bytes[p + i] & 0xC0 != 0x80 {
            throw fail("invalid UTF-8 (byte \(Self.describe(bytes[p + i])))", at: p + i)
        }
        return p + length
    }

    /// High bit set in each byte of `word` that is zero; false positives only above a true zero.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// High bit set in each byte of `word` below 0x20; false positives only above a true match.
    @inline(__always)
    static func bytesBelow0x20(_ word: UInt64) -> UInt64 {
        (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
    }
}
