/// Why a sink cannot store one record; the pipeline turns it into an ``InputError`` naming the line and stream.
///
/// The message reads "Line 12: the record of stream 'sensors' ⟨reason⟩; ⟨fix⟩.", so `reason` starts with a
/// verb ("has …", "makes …") and `fix` with an imperative.
package struct RecordRejection: Error, Equatable {
    package var reason: String
    package var fix: String

    package init(_ reason: String, fix: String) {
        self.reason = reason
        self.fix = fix
    }

    /// The whole sentence for the record on `line` of `stream`.
    package func message(line: Int, stream: String) -> String {
        "Line \(line): the record of stream '\(stream)' \(reason); \(fix)."
    }
}
