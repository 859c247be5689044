#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writers of single CSV fields (RFC 4180) from validated JSON values, straight from the input bytes.
///
/// Each returns the number of bytes written at `out`, at most twice the value's length plus 2; the caller
/// has reserved that much.
enum CSVField {
    /// A JSON value as its CSV field: strings as their text, numbers and booleans as JSON text, null as an
    /// empty field, objects and arrays as compact JSON. Quoted when it holds a comma, quote, CR or LF.
    @inline(__always)
    static func write(_ value: JSONSpan, from line: UnsafePointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
        switch value.kind {
        case .string: return writeString(value, from: line, to: out)
        case .number, .true, .false:
            let n = value.end - value.start
            out.update(from: line + value.start, count: n)
            return n
        case .null: return 0
        case .object, .array:
            return writeQuotedJSON(
                line + value.start, count: value.end - value.start, compacting: value.flags.contains(.whitespace),
                to: out)
        }
    }

    /// A string's text; an empty string is written `""` so that readers can tell it from null.
    @inline(__always)
    static func writeString(_ value: JSONSpan, from line: UnsafePointer<UInt8>, to out: UnsafeMutablePointer<UInt8>)
        -> Int
    {
        let body = line + value.start + 1
        let n = value.end - value.start - 2
        if value.flags.contains(.escape) {
            // Escapes may decode to quotes, CR or LF: always quote.
            out[0] = UInt8(ascii: "\"")
            let decoded = JSONString.decode(body, count: n, into: out + 1)
            let written = doubleQuotesInPlace(out + 1, count: decoded)
            out[written + 1] = UInt8(ascii: "\"")
            return written + 2
        }
        // Without escapes the text cannot hold a quote, CR or LF: only a comma needs quoting.
        if n == 0 || memchr(body, Int32(UInt8(ascii: ",")), n) != nil {
            out[0] = UInt8(ascii: "\"")
            out.advanced(by: 1).update(from: body, count: n)
            out[n + 1] = UInt8(ascii: "\"")
            return n + 2
        }
        out.update(from: body, count: n)
        return n
    }

    /// Validated JSON text, quoted for CSV (each `"` doubled), without its insignificant whitespace if `compacting`.
    @inline(__always)
    static func writeQuotedJSON(
        _ source: UnsafePointer<UInt8>, count: Int, compacting: Bool, to out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        out[0] = UInt8(ascii: "\"")
        let n: Int
        if compacting {
            n = doubleQuotesInPlace(
                out + 1, count: JSONCompactor.write(source, count: count, compacting: true, to: out + 1))
        } else {
            n = writeDoublingQuotes(source, count: count, to: out + 1)
        }
        out[n + 1] = UInt8(ascii: "\"")
        return n + 2
    }

    /// Copies `count` bytes doubling each `"`.
    @inline(__always)
    static func writeDoublingQuotes(_ source: UnsafePointer<UInt8>, count: Int, to out: UnsafeMutablePointer<UInt8>)
        -> Int
    {
        var i = 0
        var o = 0
        // Eight bytes at a time: a word without a quote is stored whole; otherwise the bytes up to the quote are
        // kept (the rest is overwritten) and the quote doubled. Storing a whole word is safe: eight more input
        // bytes give at least eight more output bytes, all within what the caller reserved.
        while i &+ 8 <= count {
            let word = UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(out + o).storeBytes(of: word, as: UInt64.self)
            let quotes = JSONScanner.zeroBytes(word ^ 0x2222_2222_2222_2222)
            if quotes == 0 {
                i &+= 8
                o &+= 8
                continue
            }
            let k = quotes.trailingZeroBitCount >> 3
            o &+= k
            out[o] = UInt8(ascii: "\"")
            out[o &+ 1] = UInt8(ascii: "\"")
            o &+= 2
            i &+= k &+ 1
        }
        while i < count {
            let byte = source[i]
            out[o] = byte
            o += 1
            if byte == UInt8(ascii: "\"") {
                out[o] = byte
                o += 1
            }
            i += 1
        }
        return o
    }

    /// Doubles each `"` of the `count` bytes at `text`, in place; the caller has reserved `2 * count` bytes.
    @inline(__always)
    static func doubleQuotesInPlace(_ text: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var quotes = 0
        var p = UnsafeRawPointer(text)
        var left = count
        while left > 0, let found = memchr(p, Int32(UInt8(ascii: "\"")), left) {
            quotes += 1
            let next = UnsafeRawPointer(found) + 1
            left -= next - p
            p = next
        }
        guard quotes > 0 else { return count }
        let total = count + quotes
        var from = count - 1
        var to = total - 1
        while quotes > 0 {
            let byte = text[from]
            text[to] = byte
            to -= 1
            if byte == UInt8(ascii: "\"") {
                text[to] = byte
                to -= 1
                quotes -= 1
            }
            from -= 1
        }
        return total
    }

    /// A header name, quoted if it needs to be.
    static func header(_ name: String) -> [UInt8] {
        let bytes = Array(name.utf8)
        let special: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D]
        guard bytes.contains(where: special.contains) || bytes.isEmpty else { return bytes }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in bytes {
            out.append(b)
            if b == UInt8(ascii: "\"") { out.append(b) }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
