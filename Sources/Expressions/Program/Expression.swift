/// A parsed and compiled expression of Stowage's transform language (specs/expressions.md).
///
/// Parse once, at config load; evaluate per record with an ``Evaluator``:
///
/// ```swift
/// let expression = try Expression("(temperature * 9/5) + 32")
/// var evaluator = Evaluator()
/// let value = try evaluator.evaluate(expression, resolver: &resolver)
/// let count = value.writeJSON(into: output)
/// ```
package struct Expression: @unchecked Sendable, CustomStringConvertible {
    // @unchecked: `view` points into `program`, which is immutable and lives as long as any copy of this value.
    /// The longest expression accepted, in UTF-8 bytes (IoT Analytics accepts 256 characters).
    package static let maximumLength = 4096
    /// The deepest nesting of parentheses, calls, `IN` lists and prefix operators accepted.
    package static let maximumDepth = 64

    /// The expression as written.
    package let text: String
    /// The distinct attribute paths it reads, each with its position as ``AttributePath/id``.
    package let paths: [AttributePath]
    let program: Program
    /// The program's pointers; package access only for ``Evaluator/evaluate(_:resolver:)``, which is inlinable.
    package let view: ProgramView

    /// Parses and compiles `text`.
    package init(_ text: String) throws(ExpressionError) {
        let bytes = Array(text.utf8)
        do {
            var parser = try Parser(bytes)
            try parser.parse()
            self.text = text
            self.paths = parser.paths
            let program = Program(
                code: parser.code, columns: parser.columns, strings: parser.strings, paths: parser.paths,
                maximumStackDepth: max(parser.maximumHeight, 1))
            self.program = program
            self.view = program.view
        } catch {
            throw ExpressionError(error, bytes: bytes, expression: text)
        }
    }

    /// The most values the evaluator's stack holds for this expression.
    package var maximumStackDepth: Int { program.maximumStackDepth }
}
