/// Why a line is not valid JSON, and where.
package struct JSONSyntaxError: Error, Equatable {
    /// Byte offset in the line, from 0.
    package var offset: Int
    package var reason: String

    package init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }
}
