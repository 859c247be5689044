import Expressions

/// One compiled step of a stream's transform pipeline, in AWS IoT Analytics' terms (specs/transforms.md).
package struct TransformStep: Sendable {
    /// The IoT Analytics activity a step is.
    package enum Kind: String, Sendable, CaseIterable {
        case filter, math, selectAttributes, removeAttributes, addAttributes
    }

    /// What the step does, compiled.
    package enum Action: Sendable {
        /// Keeps the record when the expression is true; false, null and missing drop it.
        case filter(Expression)
        /// Sets the root attribute to the expression's value; a missing value leaves the record as it is.
        case math(TargetName, Expression)
        /// Builds a new record of the listed paths' values, each under its last name, at the root.
        case selectAttributes([Copy])
        case removeAttributes([AttributePath])
        /// Copies each source path's value to a root attribute; the source stays.
        case addAttributes([Copy])
    }

    /// A path whose value goes to a root attribute.
    package struct Copy: Sendable {
        package var source: AttributePath
        package var target: TargetName
    }

    /// A root attribute a step writes: its UTF-8 name, and the name as a quoted, escaped JSON string.
    package struct TargetName: Sendable, Equatable {
        package var name: [UInt8]
        package var quoted: [UInt8]
        /// Whether ``quoted`` holds a backslash escape.
        package var escaped: Bool

        package init(_ name: String) {
            self.name = Array(name.utf8)
            var text = ""
            JSONValue.writeString(name, to: &text)
            quoted = Array(text.utf8)
            escaped = quoted.contains(UInt8(ascii: "\\"))
        }
    }

    package var kind: Kind
    /// The activity's `name`, when it has one.
    package var name: String?
    package var action: Action

    /// How the step is named to a user: `step 2 (math 'MyMathActivity')`; `index` counts from 1.
    package func label(index: Int) -> String {
        "step \(index) (\(kind.rawValue)\(name.map { " '\($0)'" } ?? ""))"
    }
}
