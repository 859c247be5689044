import CivilTime
import Testing

/// strftime-style patterns: compiling, matching, defaults and errors. Expected instants are Python's
/// `datetime.strptime` (with 1970 as the default year where Python takes 1900).
struct TimePatternTests {
    struct Match: Sendable, CustomTestStringConvertible {
        var pattern: String
        var text: String
        var expected: ParsedTimestamp
        var testDescription: String { "'\(text)' ~ '\(pattern)'" }

        init(_ pattern: String, _ text: String, _ microseconds: Int64, offset: Bool = false, truncated: Bool = false) {
            self.pattern = pattern
            self.text = text
            let hasTime = ["%H", "%I", "%M", "%S", "%f", "%T", "%s", "%p"].contains { pattern.contains($0) }
            expected = ParsedTimestamp(
                microseconds: microseconds, hasOffset: offset, truncated: truncated, hasTime: hasTime)
        }
    }

    static let matches = [
        Match("%Y-%m-%d %H:%M:%S", "2019-03-14 15:09:26", 1_552_576_166_000_000),
        Match("%Y-%m-%dT%H:%M:%S.%f%z", "2019-03-14T15:09:26.535897+01:00", 1_552_572_566_535_897, offset: true),
        Match(
            "%Y-%m-%dT%H:%M:%S.%f%z", "2019-03-14T16:09:26.535897123Z", 1_552_579_766_535_897, offset: true,
            truncated: true),
        Match("%F %T", "2019-03-14 15:09:26", 1_552_576_166_000_000),
        Match("%Y%m%d%H%M%S", "20190314150926", 1_552_576_166_000_000),
        Match("%Y%m%d", "20190314", 1_552_521_600_000_000),
        Match("%Y%m%d", "2019031", 1_551_398_400_000_000),
        Match("%m/%d/%Y", "3/14/2019", 1_552_521_600_000_000),
        Match("%m/%d/%Y", "03/14/2019", 1_552_521_600_000_000),
        Match("%m/%d/%Y %I:%M %p", "3/14/2019 3:09 PM", 1_552_576_140_000_000),
        Match("%I:%M %p", "12:00 AM", 0),
        Match("%I:%M %p", "12:00 PM", 43_200_000_000),
        Match("%I:%M %p", "12:30 am", 1_800_000_000),
        Match("%I %p", "1 pm", 46_800_000_000),
        Match("%I:%M", "12:30", 1_800_000_000),
        Match("%d %b %Y", "14 Mar 2019", 1_552_521_600_000_000),
        Match("%d %B %Y", "14 March 2019", 1_552_521_600_000_000),
        Match("%d %b %Y", "14 MARCH 2019", 1_552_521_600_000_000),
        Match("%b %d %Y", "mar 14 2019", 1_552_521_600_000_000),
        Match("%B %Y", "September 2019", 1_567_296_000_000_000),
        Match("%h %Y", "Sep 2019", 1_567_296_000_000_000),
        Match("%B %e, %Y", "March  5, 2019", 1_551_744_000_000_000),
        Match("%B %e, %Y", "March 5, 2019", 1_551_744_000_000_000),
        Match("%e.%m.%Y", " 5.03.2019", 1_551_744_000_000_000),
        Match("%d/%b/%Y:%H:%M:%S %z", "10/Oct/2000:13:55:36 -0700", 971_211_336_000_000, offset: true),
        Match("%Y-%j", "2020-366", 1_609_372_800_000_000),
        Match("%Y-%j", "2019-074", 1_552_608_000_000_000),
        Match("%Y-%j", "2019-74", 1_552_608_000_000_000),
        Match("%y-%m-%d", "69-01-01", -31_536_000_000_000),
        Match("%y-%m-%d", "68-12-31", 3_124_137_600_000_000),
        Match("%H:%M", "15:09", 54_540_000_000),
        Match("%T", "23:59:60", 86_399_000_000),
        Match("%Y", "2019", 1_546_300_800_000_000),
        Match("%Y-%m", "2019-03", 1_551_398_400_000_000),
        Match("%d.%m.%Y", "14.03.2019", 1_552_521_600_000_000),
        Match("%Y-%m-%d %H:%M:%S %z", "2019-03-14 15:09:26 -0500", 1_552_594_166_000_000, offset: true),
        Match("%Y-%m-%dT%H:%M:%SZ", "2019-03-14T15:09:26Z", 1_552_576_166_000_000),
        Match("%Y年%m月%d日", "2019年03月14日", 1_552_521_600_000_000),
        Match("100%% %Y", "100% 2019", 1_546_300_800_000_000),
        Match("%s", "1552575366", 1_552_575_366_000_000, offset: true),
        Match("%s", "-86400", -86_400_000_000, offset: true),
        Match("%s.%f", "-1.5", -1_500_000, offset: true),
        Match("%s.%f", "1552575366.123", 1_552_575_366_123_000, offset: true),
        Match("%s.%f", "-1.0000005", -1_000_001, offset: true, truncated: true),
    ]

    @Test("patterns match values", arguments: matches)
    func matching(_ match: Match) throws {
        let pattern = try TimePattern(match.pattern)
        #expect(try parsing(match.text, pattern.parse).get() == match.expected)
        #expect(pattern.pattern == match.pattern)
    }

    struct Mismatch: Sendable, CustomTestStringConvertible {
        var pattern: String
        var rejected: Rejected
        var testDescription: String { "'\(pattern)': \(rejected.testDescription)" }

        init(_ pattern: String, _ text: String, _ code: CivilTimeError.Code, at offset: Int) {
            self.pattern = pattern
            rejected = Rejected(text, code, at: offset)
        }
    }

    static let mismatches = [
        Mismatch("%Y-%m-%d", "", .empty, at: 0),
        Mismatch("%Y-%m-%d", "2019-02-29", .dayOutOfRange, at: 8),
        Mismatch("%Y-%m-%d", "1900-02-29", .dayOutOfRange, at: 8),
        Mismatch("%Y-%m-%d", "2019-03-14 ", .trailingBytes, at: 10),
        Mismatch("%Y-%m-%d", "19-03-14", .expectedDigit, at: 2),
        Mismatch("%Y-%m-%d", "2019-03-", .unexpectedEnd, at: 8),
        Mismatch("%Y-%m-%d", "2019/03/14", .unexpectedByte, at: 4),
        Mismatch("%m/%d/%Y", "13/14/2019", .monthOutOfRange, at: 0),
        Mismatch("%m/%d/%Y", "0/14/2019", .monthOutOfRange, at: 0),
        Mismatch("%m/%d/%Y", "123/14/2019", .unexpectedByte, at: 2),
        Mismatch("%Y%m%d", "2019314", .monthOutOfRange, at: 4),
        Mismatch("%Y%m%d", "201903", .unexpectedEnd, at: 6),
        Mismatch("%I %p", "13 PM", .hourOutOfRange, at: 0),
        Mismatch("%I %p", "0 AM", .hourOutOfRange, at: 0),
        Mismatch("%I %p", "1 XM", .unexpectedByte, at: 2),
        Mismatch("%I %p", "1 AX", .unexpectedByte, at: 3),
        Mismatch("%H:%M", "24:00", .hourOutOfRange, at: 0),
        Mismatch("%H:%M", "23:60", .minuteOutOfRange, at: 3),
        Mismatch("%T", "12:00:60", .secondOutOfRange, at: 6),
        Mismatch("%b", "Foo", .monthOutOfRange, at: 0),
        Mismatch("%b", "Ma", .unexpectedEnd, at: 2),
        Mismatch("%B %Y", "Marc 2019", .unexpectedByte, at: 3),
        Mismatch("%H:%M%z", "12:00", .unexpectedEnd, at: 5),
        Mismatch("%H:%M%z", "12:00X", .unexpectedByte, at: 5),
        Mismatch("%H:%M%z", "12:00+25:00", .offsetOutOfRange, at: 5),
        Mismatch("%Y-%j", "2019-366", .dayOutOfRange, at: 5),
        Mismatch("%Y-%j", "2019-000", .dayOutOfRange, at: 5),
        Mismatch("%s", "99999999999999", .valueOutOfRange, at: 0),
        Mismatch("%s", "-", .unexpectedEnd, at: 1),
        Mismatch("%s.%f", "1.", .unexpectedEnd, at: 2),
        Mismatch("%Y-%m-%dT%H:%M:%SZ", "2019-03-14T15:09:26+00:00", .unexpectedByte, at: 19),
    ]

    @Test("values that do not match name the problem and its byte", arguments: mismatches)
    func mismatching(_ mismatch: Mismatch) throws {
        let pattern = try TimePattern(mismatch.pattern)
        #expect(throws: mismatch.rejected.error) { try parsing(mismatch.rejected.text, pattern.parse).get() }
    }

    @Test(
        "patterns that do not compile name the directive and its byte",
        arguments: [
            ("%Q", TimePatternError(.unsupportedDirective, directive: "%Q", at: 0)),
            ("%Y-%m-%d %Q", TimePatternError(.unsupportedDirective, directive: "%Q", at: 9)),
            ("%a, %d %b %Y", TimePatternError(.unsupportedDirective, directive: "%a", at: 0)),
            ("é%é", TimePatternError(.unsupportedDirective, directive: "%é", at: 2)),
            ("%Y %", TimePatternError(.incompleteDirective, directive: "%", at: 3)),
            ("%Y %Y", TimePatternError(.duplicateField, directive: "%Y", at: 3)),
            ("%F %y", TimePatternError(.duplicateField, directive: "%y", at: 3)),
            ("%T %H", TimePatternError(.duplicateField, directive: "%H", at: 3)),
            ("%H %I", TimePatternError(.duplicateField, directive: "%I", at: 3)),
            ("%b %m", TimePatternError(.duplicateField, directive: "%m", at: 3)),
            ("%f%f", TimePatternError(.duplicateField, directive: "%f", at: 2)),
            ("%j %m", TimePatternError(.conflictingFields, directive: "%m", at: 3)),
            ("%d %j", TimePatternError(.conflictingFields, directive: "%j", at: 3)),
            ("%s %Y", TimePatternError(.conflictingFields, directive: "%Y", at: 3)),
            ("%Y %s", TimePatternError(.conflictingFields, directive: "%s", at: 3)),
            ("%s%z", TimePatternError(.conflictingFields, directive: "%z", at: 2)),
        ])
    func compileErrors(_ pattern: String, _ error: TimePatternError) {
        #expect(throws: error) { try TimePattern(pattern) }
    }

    @Test("a compile error's description names the directive and position")
    func errorDescription() {
        #expect(
            TimePatternError(.unsupportedDirective, directive: "%Q", at: 9).description
                == "unsupported directive '%Q' at byte 9")
    }

    @Test("hasTime says whether the pattern reads a time of day")
    func hasTime() throws {
        #expect(try !TimePattern("%Y-%m-%d").hasTime)
        #expect(try TimePattern("%Y-%m-%d %H").hasTime)
        #expect(try TimePattern("%s").hasTime)
    }
}
