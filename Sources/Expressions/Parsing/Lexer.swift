/// Splits an expression's UTF-8 text into ``Token``s, one at a time.
///
/// Numbers are checked against RFC 8259's grammar (without the sign, which is the unary minus); strings and
/// quoted names are only delimited here, and their doubled quotes are undone by ``Parser``.
struct Lexer {
    let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "_")
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || byte &- UInt8(ascii: "0") < 10
    }

    private func byte(at offset: Int) -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    /// Reads the next token, skipping whitespace before it.
    mutating func next() throws(ExpressionError.Failure) -> Token {
        while let byte = byte(at: position), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            position += 1
        }
        let start = position
        guard let first = byte(at: position) else { return Token(kind: .end, start: start, end: start) }
        position += 1
        let kind: Token.Kind
        switch first {
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "["): kind = .leftBracket
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: "+"): kind = .plus
        case UInt8(ascii: "-"): kind = .minus
        case UInt8(ascii: "*"): kind = .star
        case UInt8(ascii: "/"): kind = .slash
        case UInt8(ascii: "%"): kind = .percent
        case UInt8(ascii: "="):
            if byte(at: position) == UInt8(ascii: "=") {
                throw .init(.doubleEquals, at: start)
            }
            kind = .equal
        case UInt8(ascii: "!"):
            guard byte(at: position) == UInt8(ascii: "=") else { throw .init(.unexpectedCharacter, at: start) }
            position += 1
            kind = .notEqual
        case UInt8(ascii: "<"):
            if byte(at: position) == UInt8(ascii: "=") {
                position += 1
                kind = .lessOrEqual
            } else if byte(at: position) == UInt8(ascii: ">") {
                position += 1
                kind = .notEqual
            } else {
                kind = .less
            }
        case UInt8(ascii: ">"):
            if byte(at: position) == UInt8(ascii: "=") {
                position += 1
                kind = .greaterOrEqual
            } else {
                kind = .greater
            }
        case UInt8(ascii: "."):
            if let next = byte(at: position), next &- UInt8(ascii: "0") < 10 {
                while let byte = byte(at: position), Self.isIdentifierByte(byte) || byte == UInt8(ascii: ".") {
                    position += 1
                }
                throw .init(.badNumber, at: start, end: position)
            }
            kind = .dot
        case UInt8(ascii: "'"):
            try skipQuoted(UInt8(ascii: "'"), from: start, unterminated: .unterminatedString)
            kind = .string
        case UInt8(ascii: "\""):
            try skipQuoted(UInt8(ascii: "\""), from: start, unterminated: .unterminatedName)
            guard position - start > 2 else { throw .init(.emptyName, at: start) }
            kind = .quotedName
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber(from: start)
            kind = .number
        case UInt8(ascii: "`"):
            throw .init(.backtick, at: start)
        default:
            guard Self.isIdentifierStart(first) else {
                let length = first < 0xC0 ? 1 : first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4
                throw .init(.unexpectedCharacter, at: start, end: start + length)
            }
            while let byte = byte(at: position), Self.isIdentifierByte(byte) { position += 1 }
            kind = .identifier
        }
        return Token(kind: kind, start: start, end: position)
    }

    /// Moves past a quoted run whose opening quote is at `start`; a doubled quote stands for one.
    private mutating func skipQuoted(
        _ quote: UInt8, from start: Int, unterminated: ExpressionError.Code
    ) throws(ExpressionError.Failure) {
        while true {
            guard let byte = byte(at: position) else { throw .init(unterminated, at: start) }
            position += 1
            if byte == quote {
                guard self.byte(at: position) == quote else { return }
                position += 1
            }
        }
    }

    /// Moves past a number, which must follow `(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` and end there.
    private mutating func skipNumber(from start: Int) throws(ExpressionError.Failure) {
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 &- UInt8(ascii: "0") < 10 } ?? false }
        var valid = true
        if bytes[start] == UInt8(ascii: "0"), isDigit(byte(at: position)) { valid = false }
        while isDigit(byte(at: position)) { position += 1 }
        if byte(at: position) == UInt8(ascii: ".") {
            position += 1
            if !isDigit(byte(at: position)) { valid = false }
            while isDigit(byte(at: position)) { position += 1 }
        }
        if let byte = byte(at: position), byte | 0x20 == UInt8(ascii: "e") {
            position += 1
            if self.byte(at: position) == UInt8(ascii: "+") || self.byte(at: position) == UInt8(ascii: "-") {
                position += 1
            }
            if !isDigit(self.byte(at: position)) { valid = false }
            while isDigit(self.byte(at: position)) { position += 1 }
        }
        // A number running straight into a name or another dot ("12abc", "1.2.3") is one bad token.
        while let byte = byte(at: position), Self.isIdentifierByte(byte) || byte == UInt8(ascii: ".") {
            valid = false
            position += 1
        }
        guard valid else { throw .init(.badNumber, at: start, end: position) }
    }
}
