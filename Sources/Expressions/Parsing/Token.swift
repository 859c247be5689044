/// One lexical token of an expression: its kind and where its bytes lie in the text.
struct Token: Equatable {
    enum Kind: Equatable {
        case end
        case number, string, identifier, quotedName
        case leftParen, rightParen, leftBracket, rightBracket, comma, dot
        case plus, minus, star, slash, percent
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    }

    var kind: Kind
    /// Byte offsets of the token in the expression's UTF-8 text, `start..<end`.
    var start: Int
    var end: Int
}
