/// A precedence-climbing parser that compiles an expression straight into postfix ``Instruction``s.
///
/// It builds no syntax tree, so nothing recurses over the expression after parsing. Its own recursion is bounded:
/// each level of ``Expression/maximumDepth`` (a parenthesis, call, `IN` list or prefix operator) costs at most
/// one frame per precedence level. Precedence, loosest first: `OR`; `AND`; `NOT`; comparisons, `IS`, `IN` (which do
/// not chain); `+ -`; `* / %`; unary `-`. Binary operators associate to the left.
struct Parser {
    typealias Failure = ExpressionError.Failure

    private enum Level {
        static let or = 1
        static let and = 2
        static let not = 3
        static let comparison = 4
        static let additive = 5
        static let multiplicative = 6
        static let unary = 7
    }

    private let bytes: [UInt8]
    private var lexer: Lexer
    private var token: Token
    /// The 1-based column of each byte offset.
    private let columnOfOffset: [Int32]
    private(set) var code: [Instruction] = []
    private(set) var columns: [Int32] = []
    private(set) var strings: [UInt8] = []
    private(set) var paths: [AttributePath] = []
    private var pathIDs: [[AttributePath.Component]: Int] = [:]
    private var height = 0
    private(set) var maximumHeight = 0
    private var depth = 0

    init(_ bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        var columns = [Int32]()
        columns.reserveCapacity(bytes.count + 1)
        var column: Int32 = 1
        for byte in bytes {
            columns.append(column)
            if byte & 0xC0 != 0x80 { column += 1 }
        }
        columns.append(column)
        // A continuation byte belongs to the column of its scalar's first byte.
        for offset in bytes.indices.reversed() where bytes[offset] & 0xC0 == 0x80 && offset > 0 {
            columns[offset] = columns[offset - 1]
        }
        self.columnOfOffset = columns
        self.lexer = Lexer(bytes)
        self.token = Token(kind: .end, start: 0, end: 0)
        guard bytes.count <= Expression.maximumLength else { throw Failure(.tooLong, at: Expression.maximumLength) }
        token = try lexer.next()
        guard token.kind != .end else { throw Failure(.empty, at: 0) }
    }

    /// Parses the whole text.
    mutating func parse() throws(Failure) {
        try parseBinary(Level.or)
        guard token.kind == .end else { throw Failure(.unexpectedToken, at: token.start, end: token.end) }
    }

    // MARK: Tokens

    private mutating func advance() throws(Failure) {
        token = try lexer.next()
    }

    private func keyword(_ token: Token) -> Keyword? {
        token.kind == .identifier ? Keyword.named(bytes[token.start..<token.end]) : nil
    }

    private mutating func expect(_ kind: Token.Kind, _ what: String) throws(Failure) {
        guard token.kind == kind else { throw Failure(.expected(what), at: token.start, end: token.end) }
        try advance()
    }

    private mutating func enter(at offset: Int) throws(Failure) {
        depth += 1
        guard depth <= Expression.maximumDepth else { throw Failure(.tooDeep, at: offset) }
    }

    // MARK: Code

    private mutating func emit(_ instruction: Instruction, at offset: Int, effect: Int) {
        code.append(instruction)
        columns.append(columnOfOffset[offset])
        height += effect
        maximumHeight = max(maximumHeight, height)
    }

    /// Points the jump at `index` to the next instruction to be emitted.
    private mutating func patch(_ index: Int) {
        let target = Int32(code.count)
        switch code[index] {
        case .andJump: code[index] = .andJump(target)
        case .orJump: code[index] = .orJump(target)
        case .inStart: code[index] = .inStart(target)
        case .inElement(_, let negated): code[index] = .inElement(target, negated: negated)
        case .coalesceJump: code[index] = .coalesceJump(target)
        default: preconditionFailure("patching an instruction that does not jump")
        }
    }

    // MARK: Grammar

    private mutating func parseBinary(_ minimum: Int) throws(Failure) {
        try parseOperand(minimum)
        var compared = false
        while true {
            let start = token.start
            let comparison: ComparisonOperator?
            switch token.kind {
            case .equal: comparison = .equal
            case .notEqual: comparison = .notEqual
            case .less: comparison = .less
            case .lessOrEqual: comparison = .lessOrEqual
            case .greater: comparison = .greater
            case .greaterOrEqual: comparison = .greaterOrEqual
            default: comparison = nil
            }
            if let comparison {
                guard minimum <= Level.comparison else { return }
                guard !compared else { throw Failure(.chainedComparison, at: start, end: token.end) }
                compared = true
                try advance()
                try parseBinary(Level.additive)
                emit(.compare(comparison), at: start, effect: -1)
                continue
            }
            let arithmetic: ArithmeticOperator?
            switch token.kind {
            case .plus: arithmetic = .add
            case .minus: arithmetic = .subtract
            case .star: arithmetic = .multiply
            case .slash: arithmetic = .divide
            case .percent: arithmetic = .remainder
            default: arithmetic = nil
            }
            if let arithmetic {
                let level = arithmetic == .add || arithmetic == .subtract ? Level.additive : Level.multiplicative
                guard minimum <= level else { return }
                try advance()
                try parseBinary(level + 1)
                emit(.arithmetic(arithmetic), at: start, effect: -1)
                continue
            }
            switch keyword(token) {
            case .or where minimum <= Level.or:
                try parseLogic(isAnd: false)
                compared = false
            case .and where minimum <= Level.and:
                try parseLogic(isAnd: true)
                compared = false
            case .is where minimum <= Level.comparison:
                guard !compared else { throw Failure(.chainedComparison, at: start, end: token.end) }
                compared = true
                try parseIs()
            case .in where minimum <= Level.comparison:
                guard !compared else { throw Failure(.chainedComparison, at: start, end: token.end) }
                compared = true
                try advance()
                try parseIn(negated: false, at: start)
            case .not where minimum <= Level.comparison:
                guard !compared else { throw Failure(.chainedComparison, at: start, end: token.end) }
                compared = true
                try advance()
                guard keyword(token) == .in else {
                    throw Failure(.expected("IN after NOT"), at: token.start, end: token.end)
                }
                try advance()
                try parseIn(negated: true, at: start)
            default:
                return
            }
        }
    }

    private mutating func parseLogic(isAnd: Bool) throws(Failure) {
        let start = token.start
        try advance()
        let jump = code.count
        emit(isAnd ? .andJump(0) : .orJump(0), at: start, effect: -1)
        try parseBinary(isAnd ? Level.not : Level.and)
        emit(.logicEnd(isAnd: isAnd), at: start, effect: 0)
        patch(jump)
    }

    private mutating func parseIs() throws(Failure) {
        let start = token.start
        try advance()
        var negated = false
        if keyword(token) == .not {
            negated = true
            try advance()
        }
        switch keyword(token) {
        case .null: emit(.isNull(negated: negated), at: start, effect: 0)
        case .missing: emit(.isMissing(negated: negated), at: start, effect: 0)
        default: throw Failure(.expected("NULL or MISSING after IS"), at: token.start, end: token.end)
        }
        try advance()
    }

    private mutating func parseIn(negated: Bool, at start: Int) throws(Failure) {
        try enter(at: start)
        try expect(.leftParen, "'(' after IN")
        var jumps = [code.count]
        emit(.inStart(0), at: start, effect: 0)
        var count: Int32 = 0
        while true {
            try parseBinary(Level.or)
            count += 1
            jumps.append(code.count)
            emit(.inElement(0, negated: negated), at: start, effect: -1)
            guard token.kind == .comma else { break }
            try advance()
        }
        try expect(.rightParen, "',' or ')'")
        emit(.inEnd(count: count, negated: negated), at: start, effect: 0)
        for jump in jumps { patch(jump) }
        depth -= 1
    }

    private mutating func parseOperand(_ minimum: Int) throws(Failure) {
        let start = token.start
        switch token.kind {
        case .minus:
            try enter(at: start)
            try advance()
            try parseOperand(Level.unary)
            emit(.negate, at: start, effect: 0)
            depth -= 1
        case .leftParen:
            try enter(at: start)
            try advance()
            try parseBinary(Level.or)
            try expect(.rightParen, "')'")
            depth -= 1
        case .number:
            let parsed = bytes.withUnsafeBufferPointer {
                NumberParser.parse($0.baseAddress! + token.start, count: token.end - token.start)
            }
            switch parsed {
            case .integer(let value): emit(.integer(value), at: start, effect: 1)
            case .number(let value): emit(.number(value), at: start, effect: 1)
            case .invalid, .outOfRange: throw Failure(.badNumber, at: start, end: token.end)
            }
            try advance()
        case .string:
            let begin = Int32(strings.count)
            strings.append(contentsOf: Self.undoubled(bytes[(token.start + 1)..<(token.end - 1)], quote: 0x27))
            emit(.string(start: begin, count: Int32(strings.count) - begin), at: start, effect: 1)
            try advance()
        case .quotedName:
            try parsePath()
        case .identifier:
            switch keyword(token) {
            case .true: emit(.bool(true), at: start, effect: 1)
            case .false: emit(.bool(false), at: start, effect: 1)
            case .null: emit(.null, at: start, effect: 1)
            case .not:
                guard minimum <= Level.comparison else { throw Failure(.misplacedNot, at: start, end: token.end) }
                try enter(at: start)
                try advance()
                try parseBinary(Level.comparison)
                emit(.not, at: start, effect: 0)
                depth -= 1
                return
            case .and, .or, .is, .in:
                throw Failure(.expected("a value"), at: start, end: token.end)
            case .missing, nil:
                let name = token
                try advance()
                if token.kind == .leftParen {
                    try parseCall(name)
                } else {
                    try parsePath(first: name)
                }
                return
            }
            try advance()
        default:
            throw Failure(.expected("a value"), at: start, end: token.end)
        }
    }

    private mutating func parseCall(_ name: Token) throws(Failure) {
        guard let function = Function.named(bytes[name.start..<name.end]) else {
            throw Failure(.unknownFunction, at: name.start, end: name.end)
        }
        try enter(at: name.start)
        try advance()
        var count = 0
        var jumps: [Int] = []
        if token.kind != .rightParen {
            while true {
                try parseBinary(Level.or)
                count += 1
                guard token.kind == .comma else { break }
                if function == .coalesce {
                    jumps.append(code.count)
                    emit(.coalesceJump(0), at: name.start, effect: -1)
                }
                try advance()
            }
        }
        try expect(.rightParen, count == 0 ? "')'" : "',' or ')'")
        guard count >= function.minimumArguments, count <= function.maximumArguments else {
            throw Failure(.argumentCount, at: name.start, end: name.end, detail: Self.arityText(function, count))
        }
        if function == .coalesce {
            emit(.coalesceEnd(count: Int32(count)), at: name.start, effect: 0)
            for jump in jumps { patch(jump) }
        } else {
            emit(.call(function, count: Int32(count)), at: name.start, effect: 1 - count)
        }
        depth -= 1
    }

    private static func arityText(_ function: Function, _ count: Int) -> String {
        let range =
            switch (function.minimumArguments, function.maximumArguments) {
            case (1, 1): "1 argument"
            case (let low, Int.max): "at least \(low) argument" + (low == 1 ? "" : "s")
            case (let low, let high) where low == high: "\(low) arguments"
            case (let low, let high): "\(low) or \(high) arguments"
            }
        return "'\(function.name)' takes \(range), not \(count)"
    }

    /// Parses a path whose first name is `first` (already consumed) or, without it, the current quoted name.
    private mutating func parsePath(first: Token? = nil) throws(Failure) {
        let start = first?.start ?? token.start
        var components: [AttributePath.Component]
        if let first {
            components = [.member(Array(bytes[first.start..<first.end]))]
        } else {
            components = [.member(Self.undoubled(bytes[(token.start + 1)..<(token.end - 1)], quote: 0x22))]
            try advance()
        }
        while true {
            if token.kind == .dot {
                try advance()
                switch token.kind {
                case .identifier: components.append(.member(Array(bytes[token.start..<token.end])))
                case .quotedName:
                    components.append(.member(Self.undoubled(bytes[(token.start + 1)..<(token.end - 1)], quote: 0x22)))
                default: throw Failure(.expected("an attribute name after '.'"), at: token.start, end: token.end)
                }
                try advance()
            } else if token.kind == .leftBracket {
                try advance()
                let digits = bytes[token.start..<token.end]
                guard token.kind == .number, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), digits.count <= 9
                else { throw Failure(.badIndex, at: token.start, end: token.end) }
                components.append(.index(digits.reduce(0) { $0 * 10 + Int($1 &- UInt8(ascii: "0")) }))
                try advance()
                try expect(.rightBracket, "']'")
            } else {
                break
            }
        }
        let id: Int
        if let known = pathIDs[components] {
            id = known
        } else {
            id = paths.count
            paths.append(AttributePath(id: id, components: components))
            pathIDs[components] = id
        }
        emit(.load(Int32(id)), at: start, effect: 1)
    }

    /// The bytes with each doubled `quote` made single.
    private static func undoubled(_ bytes: ArraySlice<UInt8>, quote: UInt8) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var skip = false
        for byte in bytes {
            if skip {
                skip = false
                continue
            }
            result.append(byte)
            if byte == quote { skip = true }
        }
        return result
    }
}
