import Testing

@testable import Expressions

/// The record most tables run against.
var sample: Record {
    Record([
        "temperature": .integer(68), "tempF": .integer(50), "hum": .number("20.5"), "status": .string("ok"),
        "name": .string("Café"), "neg": .integer(-3), "zero": .integer(0), "big": .number("9223372036854775807"),
        "min": .number("-9223372036854775808"), "flag": .bool(true), "off": .bool(false), "nothing": .null,
        "obj": .object([.init(name: "a", value: .integer(1))]), "arr": .array([.integer(1), .integer(2), .integer(3)]),
        "numstr": .string("12"), "decstr": .string("2.5"), "text": .string("abc"),
        "quote": .string("Say \"Hi\"\n"),
        "device": .object([
            .init(name: "coords", value: .array([.number("45.5"), .number("-73.25")])),
            .init(name: "id", value: .string("d-1")),
        ]),
    ])
}

@Suite struct EvaluatorTests {
    static let arithmetic: [(String, Outcome)] = [
        ("1 + 2", .integer(3)), ("7 - 10", .integer(-3)), ("6 * 7", .integer(42)),
        ("7 / 2", .number(3.5)), ("9 / 3", .number(3)), ("-9 / 3", .number(-3)),
        ("7 % 3", .integer(1)), ("-7 % 3", .integer(-1)), ("7 % -3", .integer(1)), ("7.5 % 2", .number(1.5)),
        ("-7.5 % 2", .number(-1.5)), ("2.5 * 2", .number(5)), ("0.1 + 0.2", .number(0.30000000000000004)),
        ("1 + 2.5", .number(3.5)), ("hum - 0.5", .number(20)), ("-temperature", .integer(-68)),
        ("- -5", .integer(5)), ("-hum", .number(-20.5)), ("2 * 3 + 4", .integer(10)), ("2 * (3 + 4)", .integer(14)),
        ("10 - 4 - 3", .integer(3)), ("64 / 4 / 2", .number(8)),
        // Integer overflow gives a Double.
        ("big + 1", .number(9_223_372_036_854_775_808)), ("min - 1", .number(-9_223_372_036_854_775_808)),
        ("big * 2", .number(18_446_744_073_709_551_616)), ("-min", .number(9_223_372_036_854_775_808)),
        ("min % -1", .integer(0)), ("big - 1", .integer(9_223_372_036_854_775_806)),
        ("9223372036854775808", .number(9_223_372_036_854_775_808)),
        // Division by zero and results beyond Double are errors, never infinity or NaN.
        ("1 / 0", .error(.divisionByZero)), ("0 / 0", .error(.divisionByZero)), ("1 % 0", .error(.divisionByZero)),
        ("1.5 % 0", .error(.divisionByZero)), ("1.5 / zero", .error(.divisionByZero)),
        ("1e308 * 10", .error(.notFinite)), ("-1e308 - 1e308", .error(.notFinite)),
        // The IoT Analytics user guide's examples.
        ("(temperature * 9/5) + 32", .number(154.4)), ("(tempF - 32) / 2", .number(9)),
        ("((temperature - 32) * 5.0) / 9.0", .number(20)),
    ]

    @Test(arguments: arithmetic)
    func computesArithmetic(_ text: String, _ expected: Outcome) throws {
        #expect(try outcome(text, sample) == expected)
    }

    static let functions: [(String, Outcome)] = [
        ("abs(neg)", .integer(3)), ("abs(-2.5)", .number(2.5)), ("abs(min)", .number(9_223_372_036_854_775_808)),
        ("ceil(2.1)", .integer(3)), ("ceil(-2.1)", .integer(-2)), ("ceil(5)", .integer(5)),
        ("ceil(1e300)", .number(1e300)), ("floor(-2.1)", .integer(-3)), ("floor(2.9)", .integer(2)),
        ("round(2.5)", .integer(3)), ("round(-1.5)", .integer(-2)), ("round(2.4)", .integer(2)),
        ("round(-0.4)", .integer(0)), ("trunc(-2.7)", .integer(-2)), ("trunc(2.7)", .integer(2)),
        ("trunc(1.15, 1)", .number(1.1)), ("trunc(-1.2345, 2)", .number(-1.23)), ("trunc(123.456, 0)", .number(123)),
        ("trunc(5, 2)", .integer(5)), ("trunc(0.001, 2)", .number(0)), ("trunc(-0.001, 2)", .number(-0.0)),
        ("trunc(1.5, 2.5)", .error(.notWholePlaces)), ("trunc(1.23456789, 40)", .number(1.23456789)),
        ("trunc(123.456, -1)", .number(123)), ("trunc(1.5e-7, 7)", .number(1e-7)), ("trunc(1e20, 3)", .number(1e20)),
        ("trunc(2.5, 2.0)", .number(2.5)), ("trunc(hum, '0')", .number(20)),
        ("sqrt(16)", .number(4)), ("sqrt(2)", .number(1.4142135623730951)), ("sqrt(-1)", .error(.negativeSquareRoot)),
        ("power(2, 10)", .number(1024)), ("power(2, -1)", .number(0.5)), ("power(-8, 1/3)", .error(.notFinite)),
        ("power(0, -1)", .error(.notFinite)), ("power(10, 400)", .error(.notFinite)),
        ("exp(0)", .number(1)), ("exp(1000)", .error(.notFinite)),
        ("ln(1)", .number(0)), ("ln(0)", .error(.nonPositiveLogarithm)), ("log(1000)", .number(3)),
        ("log(-1)", .error(.nonPositiveLogarithm)),
        ("mod(8, 3)", .integer(2)), ("mod(-8, 3)", .integer(-2)), ("mod(8.5, 3)", .number(2.5)),
        ("mod(1, 0)", .error(.divisionByZero)),
        ("sign(-5)", .integer(-1)), ("sign(0)", .integer(0)), ("sign(2.5)", .integer(1)), ("sign(-0.0)", .integer(0)),
        ("acos(1)", .number(0)), ("acos(2)", .error(.outsideUnitRange)), ("asin(-1.5)", .error(.outsideUnitRange)),
        ("asin(1)", .number(1.5707963267948966)), ("atan(0)", .number(0)), ("atan2(1, 0)", .number(1.5707963267948966)),
        ("atan2(0, -1)", .number(3.141592653589793)), ("cos(0)", .number(1)), ("cosh(0)", .number(1)),
        ("cosh(1000)", .error(.notFinite)), ("sin(0)", .number(0)), ("sinh(0)", .number(0)), ("tan(0)", .number(0)),
        ("tanh(0)", .number(0)), ("sinh(-1000)", .error(.notFinite)),
        ("coalesce(absent, nothing, 3)", .integer(3)), ("coalesce(temperature, sqrt(-1))", .integer(68)),
        ("coalesce(absent, nothing)", .null), ("coalesce(nothing, absent)", .missing),
        ("coalesce(obj, 1)", .json(#"{"a":1}"#)), ("coalesce(arr)", .json("[1,2,3]")),
        ("coalesce(absent, sqrt(-1))", .error(.negativeSquareRoot)),
        ("lower('HeLLo')", .string("hello")), ("upper('straße')", .string("STRASSE")), ("lower('ÀÉÎ')", .string("àéî")),
        ("upper(name)", .string("CAFÉ")), ("lower('İ')", .string("i\u{307}")), ("lower(text)", .string("abc")),
        ("lower(quote)", .string("say \"hi\"\n")), ("upper('')", .string("")),
        ("concat('a', 'b', 'c')", .string("abc")), ("concat('x')", .string("x")),
        ("concat(device.id, '-', 7, '-', 2.5, '-', true, '-', 9 / 3)", .string("d-1-7-2.5-true-3")),
        ("upper(concat(lower('AB'), 'c'))", .string("ABC")),
    ]

    @Test(arguments: functions)
    func callsFunctions(_ text: String, _ expected: Outcome) throws {
        #expect(try outcome(text, sample) == expected)
    }

    static let comparisons: [(String, Bool)] = [
        ("1 < 2", true), ("2 <= 2", true), ("3 > 4", false), ("3 >= 4", false), ("1 = 1.0", true), ("1 != 1.0", false),
        ("1 <> 2", true), ("hum > 20", true), ("20 < hum", true), ("hum = 20.5", true),
        // Integers and Doubles compare exactly, without rounding the integer.
        ("big = 9223372036854775807.0", false), ("big < 9223372036854775807.0", true),
        ("9007199254740993 = 9007199254740992.0", false), ("9007199254740993 > 9007199254740992.0", true),
        ("min = -9223372036854775808.0", true), ("min > -1e300", true), ("-5 < -4.5", true), ("-5 > -5.5", true),
        ("'abc' < 'abd'", true), ("'abc' < 'ab'", false), ("'B' < 'a'", true), ("'é' > 'z'", true),
        ("status = 'ok'", true), ("name = 'Café'", true), ("'' < 'a'", true), ("'a' = 'a'", true),
        // A string holding number text compares as a number with a number.
        ("'12' = 12", true), ("numstr > 5", true), ("decstr = 2.5", true), ("5 < numstr", true),
        ("true = true", true), ("flag != off", true), ("flag = true", true),
        // Anything compared with a missing attribute or null is false, even with !=.
        ("nothing = nothing", false), ("nothing != 1", false), ("absent = 1", false), ("absent != 1", false),
        ("NULL = NULL", false), ("absent < 1", false), ("1 >= nothing", false),
    ]

    @Test(arguments: comparisons)
    func compares(_ text: String, _ expected: Bool) throws {
        #expect(try outcome(text, sample) == .bool(expected))
    }

    static let logic: [(String, Outcome)] = [
        ("true AND false", .bool(false)), ("true AND true", .bool(true)), ("true OR false", .bool(true)),
        ("false OR false", .bool(false)), ("NOT true", .bool(false)), ("NOT absent", .bool(true)),
        ("NOT nothing", .bool(true)), ("absent AND true", .bool(false)), ("absent OR true", .bool(true)),
        ("true AND absent", .bool(false)), ("false OR nothing", .bool(false)),
        ("1 AND true", .error(.needsBoolean(.integer))),
        ("true AND 1", .error(.needsBoolean(.integer))), ("false AND 1", .bool(false)), ("true OR 1", .bool(true)),
        ("true OR sqrt(-1) > 0", .bool(true)), ("false OR sqrt(-1) > 0", .error(.negativeSquareRoot)),
        ("NOT 'a'", .error(.needsBoolean(.string))), ("NOT (temperature > 40)", .bool(false)),
        ("temperature > 40 AND status != 'test'", .bool(true)), ("temperature > 40 AND status = 'test'", .bool(false)),
        ("2 IN (1, 2, 3)", .bool(true)), ("4 IN (1, 2, 3)", .bool(false)), ("4 NOT IN (1, 2, 3)", .bool(true)),
        ("2 NOT IN (1, 2)", .bool(false)), ("status IN ('ok', 'bad')", .bool(true)), ("absent IN (1)", .bool(false)),
        ("absent NOT IN (1)", .bool(false)), ("nothing IN (NULL)", .bool(false)), ("1 IN (NULL, 1)", .bool(true)),
        ("2 NOT IN (1, NULL)", .bool(false)), ("'a' IN ('a', 1)", .bool(true)),
        ("'b' IN ('a', 1)", .error(.notComparable(.string, .integer))), ("2 IN (1, 2.0)", .bool(true)),
        ("absent IN (sqrt(-1))", .bool(false)), ("temperature IN (60 + 8)", .bool(true)),
        ("12 IN (numstr)", .bool(true)),
        ("nothing IS NULL", .bool(true)), ("absent IS NULL", .bool(true)), ("temperature IS NULL", .bool(false)),
        ("temperature IS NOT NULL", .bool(true)), ("absent IS MISSING", .bool(true)),
        ("nothing IS MISSING", .bool(false)), ("nothing IS NOT MISSING", .bool(true)), ("obj IS NULL", .bool(false)),
        ("absent + 1 IS NULL", .bool(true)), ("sqrt(-1) IS NULL", .error(.negativeSquareRoot)),
    ]

    @Test(arguments: logic)
    func appliesLogic(_ text: String, _ expected: Outcome) throws {
        #expect(try outcome(text, sample) == expected)
    }

    static let propagation: [(String, Outcome)] = [
        ("absent + 1", .missing), ("nothing + 1", .null), ("absent + nothing", .missing),
        ("nothing * absent", .missing), ("'abc' * absent", .missing), ("'abc' * nothing", .null),
        ("abs(absent)", .missing), ("sqrt(nothing)", .null), ("power(nothing, absent)", .missing),
        ("-absent", .missing), ("-nothing", .null), ("lower(absent)", .missing), ("upper(nothing)", .null),
        ("concat('a', nothing)", .null), ("concat(nothing, absent)", .missing), ("trunc(absent, 2)", .missing),
        ("device.coords[2]", .missing), ("temperature.x", .missing), ("arr[5] * 2", .missing),
        ("absent + sqrt(-1)", .error(.negativeSquareRoot)),
        ("'abc' * 2", .error(.notNumericString)), ("flag + 1", .error(.needsNumber(.bool))),
        ("obj + 1", .error(.needsNumber(.json))), ("arr * 2", .error(.needsNumber(.json))),
        ("sqrt('x')", .error(.notNumericString)), ("' 12' * 1", .error(.notNumericString)),
        ("'1e400' + 1", .error(.numberOutOfRange)), ("lower(5)", .error(.needsString(.integer))),
        ("upper(flag)", .error(.needsString(.bool))), ("concat('a', obj)", .error(.needsString(.json))),
        ("-flag", .error(.needsNumber(.bool))), ("abs(TRUE)", .error(.needsNumber(.bool))),
        ("'abc' = 1", .error(.notComparable(.string, .integer))),
        ("true < false", .error(.notComparable(.bool, .bool))),
        ("true = 1", .error(.notComparable(.bool, .integer))), ("obj = obj", .error(.notComparable(.json, .json))),
        ("status > 1.5", .error(.notComparable(.string, .number))),
        // Strings holding number text convert where a number is needed.
        ("'12' * 2", .integer(24)), ("decstr * 2", .number(5)), ("-'3'", .integer(-3)), ("numstr % 5", .integer(2)),
        ("sqrt(numstr)", .number(12.0.squareRoot())),
        ("device.coords[0]", .number(45.5)), ("device.coords[1] * 2", .number(-146.5)), ("device.id", .string("d-1")),
        ("arr[1]", .integer(2)), ("obj", .json(#"{"a":1}"#)), ("missing IS MISSING", .bool(true)),
        ("obj.a + 1", .integer(2)), ("'it''s'", .string("it's")),
    ]

    @Test(arguments: propagation)
    func propagatesMissingNullAndErrors(_ text: String, _ expected: Outcome) throws {
        #expect(try outcome(text, sample) == expected)
    }

    static let written: [(String, String)] = [
        ("9 / 3", "3"), ("0.1 + 0.2", "0.30000000000000004"), ("1e20 * 10", "1e+21"), ("2.5", "2.5"), ("-0.0", "0"),
        ("1 / 3", "0.3333333333333333"), ("big + 1", "9.223372036854776e+18"), ("1e-7 * 1", "1e-07"),
        ("123456789.125", "123456789.125"), ("4503599627370497.0", "4503599627370497"), ("min", "-9223372036854775808"),
        ("(temperature * 9/5) + 32", "154.4"), ("(tempF - 32) / 2", "9"), ("((temperature - 32) * 5.0) / 9.0", "20"),
        ("'a\"b\\\\c'", #""a\"b\\\\c""#), ("concat('line', '\n', '\t', '\u{1}')", #""line\n\t\u0001""#),
        ("name", #""Café""#), ("quote", #""Say \"Hi\"\n""#), ("obj", #"{"a":1}"#), ("nothing", "null"), ("absent", ""),
        ("flag", "true"), ("off", "false"), ("1 < 2", "true"),
    ]

    @Test(arguments: written)
    func writesResultsAsJSON(_ text: String, _ json: String) throws {
        #expect(try run(text, sample).json == json)
    }

    @Test(arguments: [false, true])
    func decodesEscapedStringsFromTheRecord(_ escapeStrings: Bool) throws {
        let record = Record(
            ["name": .string("Café ☕ 😀"), "quote": .string("a\"b\\c/\u{1}")], escapeStrings: escapeStrings)
        #expect(try outcome("name = 'Café ☕ 😀'", record) == .bool(true))
        #expect(try outcome("upper(name)", record) == .string("CAFÉ ☕ 😀"))
        #expect(try outcome("concat(quote, '!')", record) == .string("a\"b\\c/\u{1}!"))
        #expect(try run("quote", record).json == #""a\"b\\c/\u0001""#)
    }

    @Test func keepsTheIoTAnalyticsExamples() throws {
        #expect(try run("(tempF - 32) / 2", Record(["tempF": .integer(50)])).json == "9")
        #expect(try run("((temp - 32) * 5.0) / 9.0", Record(["temp": .integer(68)])).json == "20")
        #expect(try run("((temp - 32) * 5.0) / 9.0", Record(["temp": .integer(32)])).json == "0")
        #expect(try run("(temperature * 9/5) + 32", Record(["temperature": .integer(20)])).json == "68")
        #expect(try run("(temperature * 9/5) + 32", Record(["temperature": .number("23.5")])).json == "74.3")
        #expect(try run("(temperature * 9/5) + 32", Record()).outcome == .missing)
    }

    @Test func filtersKeepOnlyTrue() throws {
        let filter = try Expression("temperature > 40 AND status != 'test'")
        var evaluator = Evaluator()
        func keeps(_ record: Record) throws -> Bool {
            var resolver = RecordResolver(record: record)
            return try evaluator.test(filter, resolver: &resolver)
        }
        #expect(try keeps(Record(["temperature": .integer(41), "status": .string("ok")])))
        #expect(try !keeps(Record(["temperature": .integer(40), "status": .string("ok")])))
        #expect(try !keeps(Record(["temperature": .integer(41), "status": .string("test")])))
        #expect(try !keeps(Record(["temperature": .integer(41)])))
        #expect(try !keeps(Record(["status": .string("ok")])))
        #expect(throws: EvaluationError.self) {
            try keeps(Record(["temperature": .string("hot"), "status": .string("ok")]))
        }
        let notBoolean = try Expression("temperature")
        var resolver = RecordResolver(record: sample)
        #expect(throws: EvaluationError(reason: .notBoolean(.integer), column: 1, operation: "filter")) {
            try evaluator.test(notBoolean, resolver: &resolver)
        }
        let flag = try Expression("absent")
        #expect(try !evaluator.test(flag, resolver: &resolver))
    }

    @Test(arguments: [
        ("sqrt(-1)", "'sqrt' of a negative number at column 1"),
        ("temperature * 'abc'", "'*' needs a number, and the string does not hold one at column 13"),
        ("1 + (true AND 2)", "'AND' needs booleans, not a number at column 11"),
        ("x IN (1, 'a') OR status < 1", "'IN' cannot compare a number with a string at column 3"),
        ("1 / zero", "'/' divides by zero at column 3"),
        ("lower(  temperature)", "'lower' needs a string, not a number at column 1"),
    ])
    func describesEvaluationErrorsInOnePhrase(_ text: String, _ message: String) throws {
        let expression = try Expression(text)
        var evaluator = Evaluator()
        var resolver = RecordResolver(
            record: Record(["x": .integer(2), "temperature": .integer(3), "zero": .integer(0)]))
        do {
            let value = try evaluator.evaluate(expression, resolver: &resolver)
            Issue.record("evaluated to \(Outcome(value))")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func reportsBadNumberTextFromTheResolver() throws {
        #expect(try outcome("x + 1", Record(["x": .number("1e400")])) == .error(.numberOutOfRange))
        #expect(try outcome("x + 1", Record(["x": .number("12abc")])) == .error(.invalidNumber))
        #expect(try outcome("x", Record(["x": .number("-0")])) == .integer(0))
        #expect(try outcome("x", Record(["x": .number("-0.0")])) == .number(-0.0))
        #expect(try outcome("x", Record(["x": .number("1E2")])) == .number(100))
    }

    /// Strings bigger than the arena's first block land in extra blocks that stay put until the next record.
    @Test func keepsLongStringsIntactAcrossArenaGrowth() throws {
        let long = String(repeating: "xY", count: 5000)
        let record = Record(["s": .string(long), "t": .string("Ünïcödé " + long)])
        let expression = try Expression("concat(lower(s), upper(t), concat(s, s), lower(t))")
        let expected =
            long.lowercased() + ("Ünïcödé " + long).uppercased() + long + long + ("Ünïcödé " + long).lowercased()
        var evaluator = Evaluator()
        var resolver = RecordResolver(record: record)
        for _ in 0..<3 {
            let value = try evaluator.evaluate(expression, resolver: &resolver)
            #expect(Outcome(value) == .string(expected))
        }
    }

    @Test func reusesOneEvaluatorForManyExpressions() throws {
        let small = try Expression("a + 1")
        let wide = try Expression("concat(" + (0..<200).map { "'\($0)'" }.joined(separator: ", ") + ")")
        var evaluator = Evaluator()
        var resolver = RecordResolver(record: Record(["a": .integer(1)]))
        #expect(Outcome(try evaluator.evaluate(small, resolver: &resolver)) == .integer(2))
        #expect(
            Outcome(try evaluator.evaluate(wide, resolver: &resolver)) == .string((0..<200).map(String.init).joined()))
        #expect(Outcome(try evaluator.evaluate(small, resolver: &resolver)) == .integer(2))
    }
}
