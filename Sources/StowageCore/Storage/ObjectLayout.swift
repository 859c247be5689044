import CivilTime

/// Names every object a sync writes: `<s3_bucket_path>/<expanded s3_path_format><part><extension>`.
///
/// `s3_path_format` takes Airbyte's variables, whose time variables are the sync's start time in UTC, and
/// Stowage's record variables (`${RECORD_YEAR}`…`${RECORD_HOUR}`, `${FIELD:<name>}`), which take each record's
/// own values and so make partitions. `specs/object-layout.md` is the contract, including how names are made safe.
package struct ObjectLayout: Sendable {
    package static let syncVariables: Set<String> = [
        "NAMESPACE", "STREAM_NAME", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND", "EPOCH", "UUID",
    ]
    package static let recordVariables: [String: RecordPiece] = [
        "RECORD_YEAR": .year, "RECORD_MONTH": .month, "RECORD_DAY": .day, "RECORD_HOUR": .hour,
    ]
    /// Every extension Stowage writes (each format's, alone or with a compression's); an object is one of
    /// Stowage's own only if it ends with one of these.
    package static let extensions: Set<String> = Set(
        Configuration.FormatType.allCases.flatMap { format in
            ["", ".gz", ".zst"].map { format.fileExtension + $0 }
        })

    private let bucketPath: String
    private let pathFormat: String
    private let syncStart: Int64
    private let syncUUID: String
    package let fileExtension: String

    /// Fails with a ``ConfigError`` when `pathFormat` names an unknown variable, or either text has a `.` or
    /// `..` segment.
    package init(
        bucketPath: String, pathFormat: String, syncStartMilliseconds: Int64, syncUUID: String, fileExtension: String
    ) throws(ConfigError) {
        for name in Self.variableNames(in: pathFormat) {
            guard Self.syncVariables.contains(name) || Self.recordVariables[name] != nil || Self.fieldName(name) != nil
            else {
                let known = (Self.syncVariables.sorted() + Self.recordVariables.keys.sorted() + ["FIELD:<name>"])
                throw ConfigError(
                    "'s3_path_format' names the unknown variable '${\(name)}'; use only \(known.map { "${\($0)}" }.joined(separator: ", "))."
                )
            }
        }
        for (field, text) in [("s3_bucket_path", bucketPath), ("s3_path_format", pathFormat)] {
            if let bad = text.split(separator: "/").first(where: { $0 == "." || $0 == ".." }) {
                throw ConfigError(
                    "'\(field)' '\(text)' has a '\(bad)' segment, which would name objects outside the stream's folder; remove it."
                )
            }
        }
        self.bucketPath = bucketPath
        self.pathFormat = pathFormat
        self.syncStart = syncStartMilliseconds
        self.syncUUID = syncUUID
        self.fileExtension = fileExtension
    }

    /// Whether the format names record variables, so that a stream's files are spread over partitions.
    package var isPartitioned: Bool {
        Self.variableNames(in: pathFormat).contains { Self.recordVariables[$0] != nil || Self.fieldName($0) != nil }
    }

    /// The names of one stream's files: this sync's, per partition, and the pattern of its files from any sync.
    package func stream(namespace: String?, name: String) -> StreamNaming {
        let time = UTCTime(epochMilliseconds: syncStart)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let values: [String: String] = [
            "NAMESPACE": namespace.map(Self.sanitize) ?? "",
            "STREAM_NAME": Self.sanitize(name),
            "YEAR": pad(time.year, 4), "MONTH": pad(time.month, 2), "DAY": pad(time.day, 2),
            "HOUR": pad(time.hour, 2), "MINUTE": pad(time.minute, 2), "SECOND": pad(time.second, 2),
            "MILLISECOND": pad(time.microsecond / 1000, 3), "EPOCH": String(syncStart), "UUID": syncUUID,
        ]
        var pieces: [StreamNaming.Piece] = []
        var record: [RecordPiece] = []
        if !bucketPath.isEmpty { pieces.append(.text(bucketPath + "/", pattern: bucketPath + "/")) }
        var rest = Substring(pathFormat)
        while let (before, variable, after) = Self.nextVariable(in: rest) {
            pieces.append(.text(String(before), pattern: String(before)))
            let variable = String(variable)
            if let piece = Self.recordVariables[variable] ?? Self.fieldName(variable).map(RecordPiece.field) {
                pieces.append(.record(record.count))
                record.append(piece)
            } else {
                // In the pattern, values that change from sync to sync become markers.
                let marker: String
                switch variable {
                case "NAMESPACE", "STREAM_NAME": marker = values[variable] ?? ""
                case "UUID": marker = String(StreamLayout.uuidMarker)
                default: marker = String(StreamLayout.digitsMarker)
                }
                pieces.append(.text(values[variable] ?? "", pattern: marker))
            }
            rest = after
        }
        pieces.append(.text(String(rest), pattern: String(rest)))
        return StreamNaming(pieces: pieces, recordPieces: record, fileExtension: fileExtension)
    }

    private static func fieldName(_ variable: String) -> String? {
        guard variable.hasPrefix("FIELD:"), variable.count > 6 else { return nil }
        return String(variable.dropFirst(6))
    }

    private static func variableNames(in format: String) -> [String] {
        var names: [String] = []
        var rest = Substring(format)
        while let (_, name, after) = nextVariable(in: rest) {
            names.append(String(name))
            rest = after
        }
        return names
    }

    /// Splits `text` at its first `${NAME}`: the text before, the name, the text after.
    private static func nextVariable(in text: Substring) -> (Substring, Substring, Substring)? {
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == "$", next < text.endIndex, text[next] == "{",
                let close = text[next...].firstIndex(of: "}")
            {
                return (text[..<index], text[text.index(after: next)..<close], text[text.index(after: close)...])
            }
            index = next
        }
        return nil
    }

    /// A stream or namespace name made safe as one path segment.
    ///
    /// ASCII letters, digits, `-`, `_` and `.` stay; every other byte becomes `_` (so `/`, `\`, control
    /// characters and non-ASCII never reach a key); a name that is empty or only dots becomes underscores.
    package static func sanitize(_ name: String) -> String {
        var bytes = Array(name.utf8)
        sanitize(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``sanitize(_:)`` in place on `bytes[start...]`.
    package static func sanitize(_ bytes: inout [UInt8], from start: Int = 0) {
        var onlyDots = true
        for i in start..<bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                onlyDots = false
            case UInt8(ascii: "."): break
            default:
                bytes[i] = UInt8(ascii: "_")
                onlyDots = false
            }
        }
        guard onlyDots else { return }
        if bytes.count == start { bytes.append(UInt8(ascii: "_")) }
        for i in start..<bytes.count { bytes[i] = UInt8(ascii: "_") }
    }
}

/// A part of an object name taken from each record.
package enum RecordPiece: Sendable, Equatable {
    /// The record's time, UTC, zero-padded: 4 digits for the year, 2 for the others.
    case year, month, day, hour
    /// A top-level field's value, sanitised like stream names.
    case field(String)
}
