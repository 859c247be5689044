/// A compiled attribute path such as `device.coords[0]`: the steps from the record's root to one value.
package struct AttributePath: Hashable, Sendable, CustomStringConvertible {
    /// One step of a path.
    package enum Component: Hashable, Sendable {
        /// An object member, by its name's UTF-8 bytes (unescaped).
        case member([UInt8])
        /// An array element, from 0.
        case index(Int)
    }

    /// The position of this path in ``Expression/paths``, so a resolver can keep a table indexed by it.
    package var id: Int
    package var components: [Component]

    package init(id: Int, components: [Component]) {
        self.id = id
        self.components = components
    }

    /// The path as it can be written in an expression: names that are not plain identifiers are double-quoted.
    package var description: String {
        var text = ""
        for (position, component) in components.enumerated() {
            switch component {
            case .member(let name):
                if position > 0 { text += "." }
                let plain = Self.isIdentifier(name) && (position > 0 || !Keyword.isReserved(name))
                let decoded = String(decoding: name, as: UTF8.self)
                text += plain ? decoded : "\"" + decoded.replacing("\"", with: "\"\"") + "\""
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// Whether `name` is `[A-Za-z_][A-Za-z0-9_]*`.
    static func isIdentifier(_ name: [UInt8]) -> Bool {
        guard let first = name.first, Lexer.isIdentifierStart(first) else { return false }
        return name.allSatisfy(Lexer.isIdentifierByte)
    }
}
