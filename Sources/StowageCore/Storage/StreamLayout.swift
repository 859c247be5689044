/// The object names of one stream's files in one folder: this sync's, and the pattern of any sync's.
package struct StreamLayout: Sendable, Equatable, Hashable {
    static let digitsMarker: Character = "\u{E000}"
    static let uuidMarker: Character = "\u{E001}"
    /// Any text without a `/`: a `${FIELD:…}` value.
    static let segmentMarker: Character = "\u{E002}"

    /// This sync's files are `filePrefix + part + fileExtension`.
    package let filePrefix: String
    /// The pattern of the files from any sync, markers standing for what varies.
    let pattern: String
    let fileExtension: String

    /// The part of the names that never changes: list this to find the files from every sync.
    package var listingPrefix: String {
        String(pattern.prefix { $0 != Self.digitsMarker && $0 != Self.uuidMarker && $0 != Self.segmentMarker })
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

    /// Whether `key` names a file Stowage wrote here, in this sync or any earlier one.
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
        if head == segmentMarker.unicodeScalars.first! {
            var end = key.startIndex
            while end < key.endIndex, key[end] != "/" { end += 1 }
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
