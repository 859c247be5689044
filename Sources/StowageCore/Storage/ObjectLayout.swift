/// Names every object a sync writes: `<s3_bucket_path>/<expanded s3_path_format><part><extension>`.
///
/// `s3_path_format` takes Airbyte's variables; the time variables are the sync's start time in UTC.
/// `specs/object-layout.md` is the contract, including how stream and namespace names are made safe.
package struct ObjectLayout: Sendable {
    package static let variables: Set<String> = [
        "NAMESPACE", "STREAM_NAME", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND", "EPOCH", "UUID",
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

    /// Fails with a ``ConfigError`` when `pathFormat` names a variable Airbyte does not define.
    package init(
        bucketPath: String, pathFormat: String, syncStartMilliseconds: Int64, syncUUID: String, fileExtension: String
    ) throws(ConfigError) {
        for name in Self.variableNames(in: pathFormat) where !Self.variables.contains(name) {
            throw ConfigError(
                "'s3_path_format' names the unknown variable '${\(name)}'; use only \(Self.variables.sorted().map { "${\($0)}" }.joined(separator: ", "))."
            )
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

    /// The names of this sync's files of one stream, and the pattern of its files from any sync.
    package func stream(namespace: String?, name: String) -> StreamLayout {
        let time = UTCTime(milliseconds: syncStart)
        let values: [String: String] = [
            "NAMESPACE": namespace.map(Self.sanitize) ?? "",
            "STREAM_NAME": Self.sanitize(name),
            "YEAR": time.pad(time.year, 4), "MONTH": time.pad(time.month, 2), "DAY": time.pad(time.day, 2),
            "HOUR": time.pad(time.hour, 2), "MINUTE": time.pad(time.minute, 2), "SECOND": time.pad(time.second, 2),
            "MILLISECOND": time.pad(time.millisecond, 3), "EPOCH": String(syncStart), "UUID": syncUUID,
        ]
        let literal = { (variable: String) in values[variable] ?? "" }
        // In the pattern, values that change from sync to sync become markers.
        let pattern = { (variable: String) -> String in
            switch variable {
            case "NAMESPACE", "STREAM_NAME": values[variable] ?? ""
            case "UUID": String(StreamLayout.uuidMarker)
            default: String(StreamLayout.digitsMarker)
            }
        }
        return StreamLayout(
            filePrefix: normalize(expand(using: literal)),
            pattern: normalize(expand(using: pattern)),
            fileExtension: fileExtension
        )
    }

    private func expand(using value: (String) -> String) -> String {
        var out = ""
        var rest = Substring(pathFormat)
        while let (before, name, after) = Self.nextVariable(in: rest) {
            out += before
            out += value(String(name))
            rest = after
        }
        return out + rest
    }

    /// Joins the bucket path, collapses `//` and drops a leading `/`, as Airbyte does.
    private func normalize(_ expanded: String) -> String {
        let joined = bucketPath.isEmpty ? expanded : bucketPath + "/" + expanded
        var out = ""
        for c in joined where !(c == "/" && (out.isEmpty || out.hasSuffix("/"))) { out.append(c) }
        return out
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
        var bytes = Array(name.utf8).map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                byte
            default: UInt8(ascii: "_")
            }
        }
        if bytes.allSatisfy({ $0 == UInt8(ascii: ".") }) {
            bytes = [UInt8](repeating: UInt8(ascii: "_"), count: max(bytes.count, 1))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One stream's object names.
package struct StreamLayout: Sendable, Equatable {
    static let digitsMarker: Character = "\u{E000}"
    static let uuidMarker: Character = "\u{E001}"

    /// This sync's files are `filePrefix + part + fileExtension`.
    package let filePrefix: String
    /// The pattern of the stream's files from any sync, markers standing for what varies.
    let pattern: String
    let fileExtension: String

    /// The part of the names that never changes: list this to find the stream's files from every sync.
    package var listingPrefix: String {
        String(pattern.prefix { $0 != Self.digitsMarker && $0 != Self.uuidMarker })
    }

    package func key(part: Int) -> String { filePrefix + String(part) + fileExtension }

    /// The part number of one of this sync's files, or nil for any other key.
    package func partNumber(of key: String) -> Int? {
        guard key.hasPrefix(filePrefix) else { return nil }
        let rest = key.dropFirst(filePrefix.count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, ObjectLayout.extensions.contains(String(rest.dropFirst(digits.count))) else {
            return nil
        }
        return Int(digits)
    }

    /// Whether `key` names a file Stowage wrote for this stream, in this sync or any earlier one.
    package func isOwnFile(_ key: String) -> Bool {
        Self.matches(Array(pattern.unicodeScalars)[...], Array(key.unicodeScalars)[...])
    }

    /// Matches the pattern, then a part number and one of Stowage's extensions, backtracking over digit runs.
    private static func matches(_ pattern: ArraySlice<Unicode.Scalar>, _ key: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let head = pattern.first else {
            let digits = key.prefix { $0.properties.numericType != nil && $0.isASCII }
            let rest = String(String.UnicodeScalarView(key.dropFirst(digits.count)))
            return !digits.isEmpty && ObjectLayout.extensions.contains(rest)
        }
        let tail = pattern.dropFirst()
        if head == digitsMarker.unicodeScalars.first! {
            var end = key.startIndex
            while end < key.endIndex, key[end].isASCII, key[end].properties.numericType != nil { end += 1 }
            guard end > key.startIndex else { return false }
            for split in stride(from: end, to: key.startIndex, by: -1) where matches(tail, key[split...]) {
                return true
            }
            return false
        }
        if head == uuidMarker.unicodeScalars.first! {
            let candidate = key.prefix(36)
            guard candidate.count == 36,
                candidate.allSatisfy({ $0 == "-" || ("0"..."9").contains($0) || ("a"..."f").contains($0) })
            else { return false }
            return matches(tail, key.dropFirst(36))
        }
        guard key.first == head else { return false }
        return matches(tail, key.dropFirst())
    }
}

/// A UTC calendar time from milliseconds since 1970 (proleptic Gregorian; Hinnant's days-to-civil algorithm).
struct UTCTime {
    var year, month, day, hour, minute, second, millisecond: Int

    init(milliseconds: Int64) {
        let ms = Int(milliseconds)
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let inDay = ms - days * 86_400_000
        hour = inDay / 3_600_000
        minute = inDay / 60_000 % 60
        second = inDay / 1000 % 60
        millisecond = inDay % 1000
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
