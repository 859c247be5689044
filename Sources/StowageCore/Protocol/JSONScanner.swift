#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A validating, non-allocating JSON scanner over one line of bytes (RFC 8259).
///
/// It reports where values lie (``JSONSpan``) instead of building them, so a record's bytes can be copied
/// straight into the output. Every byte it passes over is validated, including UTF-8 inside strings.
/// The caller keeps `bytes` alive while the scanner is in use.
package struct JSONScanner {
    package let bytes: UnsafePointer<UInt8>
    package let count: Int
    package var position: Int
    private var depth = 0
    /// Set whenever whitespace is skipped; ``container(kind:)`` uses it to flag containers that are not compact.
    private var sawWhitespace = false

    /// The deepest nesting of objects and arrays accepted.
    package static let maximumDepth = 512

    package init(_ buffer: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        // An empty buffer may have no base address; any valid pointer works since nothing is read.
        self.bytes = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.count = buffer.count
        self.position = position
    }

    @inline(__always)
    func fail(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? position, reason: reason)
    }

    /// Skips whitespace and reports whether there was any.
    @inline(__always)
    @discardableResult
    package mutating func skipWhitespace() -> Bool {
        guard position < count, bytes[position] <= 0x20 else { return false }
        let start = position
        scan: while position < count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: break scan
            }
        }
        if position != start { sawWhitespace = true }
        return position != start
    }

    /// Checks that only whitespace is left.
    package mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        if position < count { throw fail("unexpected '\(Self.describe(bytes[position]))' after the end of the value") }
    }

    /// Consumes `byte`, which must be next after optional whitespace.
    package mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        skipWhitespace()
        guard position < count else { throw fail("expected '\(Self.describe(byte))' but the line ended") }
        guard bytes[position] == byte else {
            throw fail("expected '\(Self.describe(byte))' but found '\(Self.describe(bytes[position]))'")
        }
        position += 1
    }

    /// Reads the next member key of an object whose `{` has been consumed, and its `:`; nil at the `}`.
    ///
    /// Pass the same `first` flag, initially true, for every member of one object.
    package mutating func nextKey(first: inout Bool) throws(JSONSyntaxError) -> JSONSpan? {
        skipWhitespace()
        guard position < count else { throw fail("the line ended inside an object") }
        var byte = bytes[position]
        if byte == UInt8(ascii: "}") {
            position += 1
            return nil
        }
        if !first {
            guard byte == UInt8(ascii: ",") else {
                throw fail("expected ',' or '}' after an object member but found '\(Self.describe(byte))'")
            }
            position += 1
            skipWhitespace()
            guard position < count else { throw fail("the line ended inside an object") }
            byte = bytes[position]
        }
        guard byte == UInt8(ascii: "\"") else {
            throw fail("expected a quoted member name but found '\(Self.describe(byte))'")
        }
        first = false
        let key = try string()
        try expect(UInt8(ascii: ":"))
        skipWhitespace()
        return key
    }

    /// Reads the next element of an array whose `[` has been consumed; false at the `]`.
    package mutating func nextElement(first: inout Bool) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard position < count else { throw fail("the line ended inside an array") }
        let byte = bytes[position]
        if byte == UInt8(ascii: "]") {
            position += 1
            return false
        }
        if !first {
            guard byte == UInt8(ascii: ",") else {
                throw fail("expected ',' or ']' after an array element but found '\(Self.describe(byte))'")
            }
            position += 1
            skipWhitespace()
        }
        first = false
        return true
    }

    /// Reads and validates one value of any kind, starting at the current position.
    package mutating func value() throws(JSONSyntaxError) -> JSONSpan {
        skipWhitespace()
        guard position < count else { throw fail("expected a value but the line ended") }
        switch bytes[position] {
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "{"): return try container(kind: .object)
        case UInt8(ascii: "["): return try container(kind: .array)
        case UInt8(ascii: "t"): return try literal("true", .true)
        case UInt8(ascii: "f"): return try literal("false", .false)
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case let byte: throw fail("expected a value but found '\(Self.describe(byte))'")
        }
    }

    private mutating func literal(_ word: StaticString, _ kind: JSONKind) throws(JSONSyntaxError) -> JSONSpan {
        let start = position
        let length = word.utf8CodeUnitCount
        guard count - position >= length, memcmp(bytes + position, word.utf8Start, length) == 0 else {
            throw fail("expected '\(word)'")
        }
        position += length
        return JSONSpan(start: start, end: position, kind: kind)
    }

    private mutating func container(kind: JSONKind) throws(JSONSyntaxError) -> JSONSpan {
        if kind == .object {
            return try object { _, _ in }
        }
        return try enclosed(kind: .array) { (scanner: inout JSONScanner) throws(JSONSyntaxError) -> JSONFlags in
            var flags: JSONFlags = []
            var first = true
            while try scanner.nextElement(first: &first) {
                flags.formUnion(try scanner.value().flags)
            }
            return flags
        }
    }

    /// Reads an object at the current `{`, validating it and handing each member to `member`; returns its span.
    @inline(__always)
    package mutating func object(
        _ member: (_ key: JSONSpan, _ value: JSONSpan) -> Void
    ) throws(JSONSyntaxError) -> JSONSpan {
        try enclosed(kind: .object) { (scanner: inout JSONScanner) throws(JSONSyntaxError) -> JSONFlags in
            var flags: JSONFlags = []
            var first = true
            while let key = try scanner.nextKey(first: &first) {
                let value = try scanner.value()
                flags.formUnion(key.flags)
                flags.formUnion(value.flags)
                member(key, value)
            }
            return flags
        }
    }

    /// Reads a container whose opening bracket is current, with `body` reading its members; flags whitespace.
    @inline(__always)
    mutating func enclosed(
        kind: JSONKind, _ body: (inout JSONScanner) throws(JSONSyntaxError) -> JSONFlags
    ) throws(JSONSyntaxError) -> JSONSpan {
        let start = position
        depth += 1
        guard depth <= Self.maximumDepth else { throw fail("values are nested more than \(Self.maximumDepth) deep") }
        position += 1
        let outerSawWhitespace = sawWhitespace
        sawWhitespace = false
        var flags = try body(&self)
        if sawWhitespace { flags.insert(.whitespace) }
        sawWhitespace = sawWhitespace || outerSawWhitespace
        depth -= 1
        return JSONSpan(start: start, end: position, kind: kind, flags: flags)
    }

    /// Reads a number, checking RFC 8259's grammar: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    package mutating func number() throws(JSONSyntaxError) -> JSONSpan {
        let start = position
        if position < count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < count, Self.isDigit(bytes[position]) else { throw fail("a number needs a digit here") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < count, Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < count, Self.isDigit(bytes[position]) else {
                throw fail("a number needs a digit after '.'")
            }
            while position < count, Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < count, Self.isDigit(bytes[position]) else {
                throw fail("a number needs a digit in its exponent")
            }
            while position < count, Self.isDigit(bytes[position]) { position += 1 }
        }
        return JSONSpan(start: start, end: position, kind: .number)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// A byte as it may be shown in an error message.
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x20..<0x7F: String(UnicodeScalar(byte))
        default: "0x" + String(byte, radix: 16, uppercase: true)
        }
    }
}
