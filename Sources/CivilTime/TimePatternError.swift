/// Why a strftime-style pattern did not compile: the directive at fault and its position.
package struct TimePatternError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem.
    package enum Code: UInt8, Hashable, Sendable {
        /// A `%` is followed by a character that is not a supported directive.
        case unsupportedDirective
        /// The pattern ends with a lone `%`.
        case incompleteDirective
        /// A second directive sets a field already set, such as `%Y` twice or `%H` with `%T`.
        case duplicateField
        /// The directive cannot be combined with an earlier one: `%j` with a month or day, `%s` with any field but
        /// `%f`.
        case conflictingFields
    }

    /// The kind of problem.
    package var code: Code
    /// The directive as written, such as `%Q`, or `%` for a lone one.
    package var directive: String
    /// The offset of the directive's `%` in the pattern's UTF-8 bytes.
    package var offset: Int

    /// Creates an error about `directive` at byte `offset`.
    package init(_ code: Code, directive: String, at offset: Int) {
        self.code = code
        self.directive = directive
        self.offset = offset
    }

    /// A phrase such as "unsupported directive '%Q' at byte 9", for messages and logs.
    package var description: String {
        let what: String
        switch code {
        case .unsupportedDirective: what = "unsupported directive"
        case .incompleteDirective: what = "incomplete directive"
        case .duplicateField: what = "directive repeats a field set earlier:"
        case .conflictingFields: what = "directive conflicts with an earlier one:"
        }
        return "\(what) '\(directive)' at byte \(offset)"
    }
}
