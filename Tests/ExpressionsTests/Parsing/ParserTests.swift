import Testing

@testable import Expressions

@Suite struct ParserTests {
    /// Each expression and the tree it parses to, fully parenthesised.
    static let precedence: [(String, String)] = [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 * 2 + 3", "((1 * 2) + 3)"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("8 / 4 / 2", "((8 / 4) / 2)"),
        ("7 % 4 * 2", "((7 % 4) * 2)"),
        ("(temperature * 9/5) + 32", "(((temperature * 9) / 5) + 32)"),
        ("-a * b", "((-a) * b)"),
        ("- -a", "(-(-a))"),
        ("-2 + 3", "((-2) + 3)"),
        ("a + b = c * d", "((a + b) = (c * d))"),
        ("a = 1 AND b = 2 OR c = 3", "(((a = 1) AND (b = 2)) OR (c = 3))"),
        ("a OR b AND c", "(a OR (b AND c))"),
        ("NOT a AND b", "((NOT a) AND b)"),
        ("NOT a = b", "(NOT (a = b))"),
        ("NOT NOT a", "(NOT (NOT a))"),
        ("a OR NOT b = 1 AND c", "(a OR ((NOT (b = 1)) AND c))"),
        ("x + 1 IS NULL", "((x + 1) IS NULL)"),
        ("x IS NOT NULL AND y IS MISSING", "((x IS NOT NULL) AND (y IS MISSING))"),
        ("x is not missing", "(x IS NOT MISSING)"),
        ("x + 1 IN (1, 2 * 3)", "((x + 1) IN (1, (2 * 3)))"),
        ("x NOT IN ('a')", "(x NOT IN ('a'))"),
        ("a <> b", "(a != b)"),
        ("a != b", "(a != b)"),
        ("a <= b", "(a <= b)"),
        ("a >= b", "(a >= b)"),
        ("temperature > 40 AND status != 'test'", "((temperature > 40) AND (status != 'test'))"),
        ("abs(-x) + Power(2, 3)", "(abs((-x)) + power(2, 3))"),
        ("COALESCE(a, b, 0)", "coalesce(a, b, 0)"),
        ("concat('it''s', \"odd-name\")", "concat('it''s', \"odd-name\")"),
        ("a.b[2].c", "a.b[2].c"),
        ("a.\"x y\"[0]", "a.\"x y\"[0]"),
        ("\"null\" + a.null", "(\"null\" + a.null)"),
        ("\"say \"\"hi\"\"\"", "\"say \"\"hi\"\"\""),
        ("true and FALSE or Null", "((TRUE AND FALSE) OR NULL)"),
        ("1.5e3 + 0.25 + 10", "((1500.0 + 0.25) + 10)"),
        ("9223372036854775807 + 9223372036854775808", "(9223372036854775807 + 9.223372036854776e+18)"),
        ("trunc(x, 2)", "trunc(x, 2)"),
        ("abs", "abs"),
        ("missing + Missing IS MISSING", "((missing + Missing) IS MISSING)"),
    ]

    @Test(arguments: precedence)
    func parsesWithPrecedenceAndAssociativity(_ text: String, _ tree: String) throws {
        let expression = try Expression(text)
        #expect(expression.description == tree)
        #expect(try Expression(tree).description == tree, "the description parses back to the same tree")
    }

    @Test func pathsAreDeduplicatedAndNumbered() throws {
        let expression = try Expression("a + b.c[1] * a - \"b\".c[1]")
        #expect(expression.paths.map(\.description) == ["a", "b.c[1]"])
        #expect(expression.paths.map(\.id) == [0, 1])
        #expect(expression.paths[1].components == [.member(Array("b".utf8)), .member(Array("c".utf8)), .index(1)])
    }

    /// Each bad expression, the column reported and the start of the reason.
    static let errors: [(String, Int, String)] = [
        ("temperature > (40", 17, "Expected ')'"),
        ("", 1, "The expression is empty"),
        ("   ", 1, "The expression is empty"),
        ("a = 'abc", 5, "Unterminated string"),
        ("\"odd", 1, "Unterminated quoted name"),
        ("\"\" = 1", 1, "Empty quoted name"),
        ("a $ b", 3, "Unexpected character '$'"),
        ("`odd` = 1", 1, "Unexpected character '`'"),
        ("a == 1", 3, "Unexpected '=='"),
        ("a ! b", 3, "Unexpected character '!'"),
        ("1. + 2", 1, "Bad number '1.'"),
        ("x * 1e", 5, "Bad number '1e'"),
        ("x * 1e+", 5, "Bad number '1e+'"),
        ("12abc", 1, "Bad number '12abc'"),
        ("1.2.3", 1, "Bad number '1.2.3'"),
        ("007", 1, "Bad number '007'"),
        ("x + .5", 5, "Bad number '.5'"),
        ("1e400", 1, "Bad number '1e400'"),
        ("sqr(x)", 1, "Unknown function 'sqr'"),
        ("sqrt(x, 2)", 1, "'sqrt' takes 1 argument, not 2"),
        ("power(2)", 1, "'power' takes 2 arguments, not 1"),
        ("trunc(1, 2, 3)", 1, "'trunc' takes 1 or 2 arguments, not 3"),
        ("coalesce()", 1, "'coalesce' takes at least 1 argument, not 0"),
        ("x + ", 3, "Expected a value"),
        ("x + )", 5, "Expected a value"),
        ("a b", 3, "Expected an operator or the end but found 'b'"),
        ("(a))", 4, "Expected an operator or the end but found ')'"),
        ("f(1,)", 1, "Unknown function 'f'"),
        ("abs(1,)", 7, "Expected a value"),
        ("abs(1", 5, "Expected ',' or ')'"),
        ("a < b < c", 7, "Comparisons do not chain"),
        ("a = b IS NULL", 7, "Comparisons do not chain"),
        ("a IS b", 6, "Expected NULL or MISSING after IS"),
        ("a NOT b", 7, "Expected IN after NOT"),
        ("a IN 1", 6, "Expected '(' after IN"),
        ("a IN ()", 7, "Expected a value"),
        ("a = NOT b", 5, "NOT cannot stand here"),
        ("-NOT a", 2, "NOT cannot stand here"),
        ("a AND", 5, "Expected a value"),
        ("AND a", 1, "Expected a value"),
        ("a.", 2, "Expected an attribute name after '.'"),
        ("a.1", 2, "Bad number '.1'"),
        ("a[-1]", 3, "Bad array index '-'"),
        ("a[1.5]", 3, "Bad array index '1.5'"),
        ("a[x]", 3, "Bad array index 'x'"),
        ("a[1", 3, "Expected ']'"),
        ("'café' = x $", 12, "Unexpected character '$'"),
        ("température > 40", 5, "Unexpected character 'é' (quote names that are not identifiers"),
        ("x = é", 5, "Unexpected character 'é'"),
        ("x = 1 ; y", 7, "Unexpected character ';'"),
    ]

    @Test(arguments: errors)
    func reportsParseErrorsAtTheirColumn(_ text: String, _ column: Int, _ reason: String) {
        #expect {
            try Expression(text)
        } throws: { error in
            guard let error = error as? ExpressionError else { return false }
            return error.column == column && error.reason.hasPrefix(reason) && error.expression == text
        }
    }

    @Test func describesAParseErrorInOneSentence() {
        #expect(throws: ExpressionError.self) { try Expression("temperature > (40") }
        do {
            _ = try Expression("temperature > (40")
        } catch {
            #expect(error.description == "Expected ')' at column 17 of 'temperature > (40'")
            #expect(error.code == .expected("')'"))
        }
    }

    @Test func quotesOnlyAWindowOfALongExpression() throws {
        let text = String(repeating: "a + ", count: 50) + "$"
        do {
            _ = try Expression(text)
            Issue.record("parsed")
        } catch {
            #expect(error.column == 201)
            #expect(error.description.hasPrefix("Unexpected character '$' at column 201 of '…"))
            #expect(error.description.count < 120)
        }
    }

    @Test func acceptsTheLongestExpressionAndRefusesALongerOne() throws {
        let chain = "a" + String(repeating: " + 1", count: (Expression.maximumLength - 1) / 4)
        let longest = chain + String(repeating: " ", count: Expression.maximumLength - chain.utf8.count)
        #expect(longest.utf8.count == Expression.maximumLength)
        let expression = try Expression(longest)
        #expect(expression.maximumStackDepth == 2)
        #expect(try outcome(longest, Record(["a": .integer(1)])) == .integer(1024))
        do {
            _ = try Expression(longest + "1")
            Issue.record("parsed")
        } catch {
            #expect(error.code == .tooLong)
            #expect(error.column == Expression.maximumLength + 1)
            #expect(error.description == "The expression is 4097 bytes long, more than the limit of 4096; shorten it")
        }
    }

    /// An opening, its closing, and where in the opening the level that is too deep is reported.
    static let nestings: [(String, String, Int)] = [
        ("(", ")", 0), ("abs(", ")", 0), ("-", "", 0), ("NOT ", "", 0), ("coalesce(", ")", 0), ("1 IN (", ")", 2),
    ]

    @Test(arguments: nestings)
    func acceptsNestingToTheLimitAndRefusesDeeper(_ open: String, _ close: String, _ offset: Int) throws {
        func nested(_ depth: Int) -> String {
            String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
        }
        _ = try Expression(nested(Expression.maximumDepth))
        do {
            _ = try Expression(nested(Expression.maximumDepth + 1))
            Issue.record("parsed")
        } catch {
            #expect(error.code == .tooDeep)
            #expect(error.column == 1 + Expression.maximumDepth * open.count + offset)
        }
    }

    /// Pathological inputs end in a parse error, not a crash: the longest runs of openers the length allows.
    @Test(arguments: ["(", "-", "NOT ", "abs(", "a[", "'a", "a.", "1 IN (", "a + ", "x OR ", "((a + -"])
    func survivesPathologicalInput(_ unit: String) {
        let text = String(repeating: unit, count: Expression.maximumLength / unit.utf8.count)
        #expect(throws: ExpressionError.self) { try Expression(text) }
    }

    @Test func evaluatesAWideExpressionNeedingADeepStack() throws {
        let arguments = (0..<800).map { _ in "'a'" }.joined(separator: ",")
        let expression = try Expression("concat(\(arguments))")
        #expect(expression.maximumStackDepth == 800)
        #expect(try outcome(expression.text) == .string(String(repeating: "a", count: 800)))
        let right = String(repeating: "(1 + ", count: 60) + "1" + String(repeating: ")", count: 60)
        #expect(try Expression(right).maximumStackDepth == 61)
        #expect(try outcome(right) == .integer(61))
    }
}
