/// Why an expression cannot be parsed, and where: the 1-based column (in Unicode scalars) of the offending character,
/// or of the last character when the text ends too early.
///
/// ``description`` is one sentence in the form "Expected ')' at column 17 of 'temperature > (40'"; the caller adds
/// which step and stream the expression belongs to.
package struct ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    package enum Code: Equatable, Sendable {
        case empty, tooLong, tooDeep
        case unexpectedCharacter, backtick, doubleEquals
        case badNumber, unterminatedString, unterminatedName, emptyName, badIndex
        /// A token of the grammar is missing; the payload says which, as in "')'" or "a value".
        case expected(String)
        case unexpectedToken, unknownFunction, argumentCount, chainedComparison, misplacedNot
    }

    package var code: Code
    package var column: Int
    /// The whole expression as written.
    package var expression: String
    /// The first part of ``description``, without the position: "Expected ')'".
    package var reason: String

    package var description: String {
        switch code {
        case .empty: "The expression is empty; write a condition or a calculation"
        case .tooLong:
            "The expression is \(expression.utf8.count) bytes long, more than the limit of "
                + "\(Expression.maximumLength); shorten it"
        default: "\(reason) at column \(column) of '\(Self.excerpt(of: expression, around: column))'"
        }
    }

    /// The expression itself, or for a long one the 60 scalars around `column` with ellipses.
    static func excerpt(of text: String, around column: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 80 else { return text }
        let from = max(0, column - 31)
        let to = min(scalars.count, from + 60)
        var excerpt = from > 0 ? "…" : ""
        excerpt.unicodeScalars.append(contentsOf: scalars[from..<to])
        if to < scalars.count { excerpt += "…" }
        return excerpt
    }

    /// A parse failure before it is placed in the text: the code and the offending bytes `start..<end`.
    struct Failure: Error {
        var code: Code
        var start: Int
        var end: Int
        /// Words for the reason that only the parser knows, such as a function's name and arity.
        var detail: String?

        init(_ code: Code, at start: Int, end: Int? = nil, detail: String? = nil) {
            self.code = code
            self.start = start
            self.end = end ?? start + 1
            self.detail = detail
        }
    }

    /// Places `failure` in `bytes`, the UTF-8 text of `expression`.
    init(_ failure: Failure, bytes: [UInt8], expression: String) {
        let start = min(failure.start, bytes.count)
        let end = min(max(failure.end, start), bytes.count)
        let offending = String(decoding: bytes[start..<end], as: UTF8.self)
        // A text that ends too early is reported at its last character (past any trailing whitespace).
        var at = start
        if at == bytes.count {
            at = bytes.lastIndex { $0 > 0x20 } ?? 0
            while at > 0, bytes[at] & 0xC0 == 0x80 { at -= 1 }
        }
        self.code = failure.code
        self.column = bytes[..<at].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        self.expression = expression
        self.reason =
            switch failure.code {
            case .empty: "The expression is empty"
            case .tooLong: "The expression is too long"
            case .tooDeep: "Nesting deeper than \(Expression.maximumDepth) levels"
            case .unexpectedCharacter:
                "Unexpected character '\(offending)'"
                    + (start < bytes.count && bytes[start] >= 0x80
                        ? " (quote names that are not identifiers with double quotes)" : "")
            case .backtick: "Unexpected character '`' (quote names that are not identifiers with double quotes)"
            case .doubleEquals: "Unexpected '==' (compare with a single '=')"
            case .badNumber: "Bad number '\(offending)'"
            case .unterminatedString: "Unterminated string (end it with a single quote)"
            case .unterminatedName: "Unterminated quoted name (end it with a double quote)"
            case .emptyName: "Empty quoted name"
            case .badIndex: "Bad array index '\(offending)' (write a whole number from 0)"
            case .expected(let what): "Expected \(what)"
            case .unexpectedToken:
                end > start ? "Expected an operator or the end but found '\(offending)'" : "Expected an operator"
            case .unknownFunction: "Unknown function '\(offending)'"
            case .argumentCount: failure.detail ?? "Wrong number of arguments"
            case .chainedComparison: "Comparisons do not chain (add parentheses)"
            case .misplacedNot: "NOT cannot stand here (put it in parentheses)"
            }
    }
}
