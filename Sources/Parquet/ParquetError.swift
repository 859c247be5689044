/// A failure of the Parquet writer: a schema or option it cannot write, or a limit of the format.
package struct ParquetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; extensible.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String

        /// The schema cannot be written: no columns, a bad name, or a logical type on the wrong physical type.
        package static let invalidSchema = Code(name: "invalidSchema")
        /// An option is out of its range.
        package static let invalidOptions = Code(name: "invalidOptions")
        /// The file would pass a limit of the format (32,767 row groups, 2 GiB pages).
        package static let formatLimit = Code(name: "formatLimit")

        package var description: String { name }
    }

    package var code: Code
    /// One sentence: what failed, the offending value in single quotes, the fix.
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
