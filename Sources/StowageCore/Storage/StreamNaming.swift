/// One stream's object names, with the sync's and the stream's variables filled in and the record variables
/// left open: ``layout(values:)`` names the files of one partition.
package struct StreamNaming: Sendable {
    enum Piece: Sendable {
        /// Literal text, and what stands in its place in the pattern of files from any sync.
        case text(String, pattern: String)
        /// The record variable at this index of ``recordPieces``.
        case record(Int)
    }

    let pieces: [Piece]
    /// The record variables, in the order their values are given to ``layout(values:)``.
    package let recordPieces: [RecordPiece]
    let fileExtension: String

    /// The placeholder of a `${FIELD:…}` whose field is missing or null (Hive's, which readers take as null).
    package static let missingValue = "__HIVE_DEFAULT_PARTITION__"

    package var isPartitioned: Bool { !recordPieces.isEmpty }

    /// The names of one partition's files; `values` holds each record variable's sanitised text.
    package func layout(values: [String]) -> StreamLayout {
        var prefix = ""
        var pattern = ""
        for piece in pieces {
            switch piece {
            case .text(let text, let marker):
                prefix += text
                pattern += marker
            case .record(let index):
                prefix += values[index]
                pattern += values[index]
            }
        }
        return StreamLayout(
            filePrefix: Self.normalize(prefix), pattern: Self.normalize(pattern), fileExtension: fileExtension)
    }

    /// The pattern of the stream's files from any sync, in any partition: what overwrite lists and deletes.
    package var anyPartition: StreamLayout {
        var prefix = ""
        var pattern = ""
        for piece in pieces {
            switch piece {
            case .text(let text, let marker):
                prefix += text
                pattern += marker
            case .record(let index):
                let marker =
                    recordPieces[index] == .year || recordPieces[index] == .month
                        || recordPieces[index] == .day || recordPieces[index] == .hour
                    ? StreamLayout.digitsMarker : StreamLayout.segmentMarker
                prefix += String(marker)
                pattern += String(marker)
            }
        }
        return StreamLayout(
            filePrefix: Self.normalize(prefix), pattern: Self.normalize(pattern), fileExtension: fileExtension)
    }

    /// Collapses `//` and drops a leading `/`, as Airbyte does.
    private static func normalize(_ expanded: String) -> String {
        var out = ""
        for c in expanded where !(c == "/" && (out.isEmpty || out.hasSuffix("/"))) { out.append(c) }
        return out
    }
}
