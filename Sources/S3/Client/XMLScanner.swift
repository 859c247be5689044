/// Finds the few elements S3 answers carry (`<Code>`, `<Key>`, `<Size>`, `<UploadId>`…) without an XML parser.
///
/// It understands start, end and empty-element tags, attributes, the `<?xml?>` prolog, comments and the
/// five predefined entities plus character references; not CDATA, DTDs or namespaces prefixes (S3 uses
/// none). A scanner is a view into the answer's bytes: scanning allocates only the strings it returns.
package struct XMLScanner {
    private let bytes: [UInt8]
    private let range: Range<Int>

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.range = bytes.startIndex..<bytes.endIndex
    }

    private init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.range = range
    }

    /// The name of the first element, e.g. "Error" or "ListBucketResult"; nil when there is none.
    package var rootName: String? {
        var i = range.lowerBound
        while i < range.upperBound {
            guard let open = firstIndex(of: UInt8(ascii: "<"), from: i) else { return nil }
            let next = open + 1 < range.upperBound ? bytes[open + 1] : 0
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
                guard let close = firstIndex(of: UInt8(ascii: ">"), from: open) else { return nil }
                i = close + 1
                continue
            }
            var end = open + 1
            while end < range.upperBound, !isNameEnd(bytes[end]) { end += 1 }
            return String(decoding: bytes[(open + 1)..<end], as: UTF8.self)
        }
        return nil
    }

    /// The decoded text of the first element with this name, at any depth; "" for `<Name/>`.
    package func text(_ name: String) -> String? {
        element(name, from: range.lowerBound).map { $0.scanner.decodedText }
    }

    /// Every element with this name, in document order, each as a scanner over its content.
    package func elements(_ name: String) -> [XMLScanner] {
        var found: [XMLScanner] = []
        var i = range.lowerBound
        while let (scanner, next) = element(name, from: i) {
            found.append(scanner)
            i = next
        }
        return found
    }

    /// The content of this scanner with entities decoded and surrounding whitespace kept.
    package var decodedText: String {
        XMLScanner.decodeEntities(bytes[range])
    }

    private func element(_ name: String, from start: Int) -> (scanner: XMLScanner, next: Int)? {
        let nameBytes = Array(name.utf8)
        var i = start
        while let open = firstIndex(of: UInt8(ascii: "<"), from: i) {
            let nameEnd = open + 1 + nameBytes.count
            guard nameEnd < range.upperBound else { return nil }
            if bytes[(open + 1)..<nameEnd].elementsEqual(nameBytes), isNameEnd(bytes[nameEnd]) {
                guard let tagClose = firstIndex(of: UInt8(ascii: ">"), from: nameEnd) else { return nil }
                if bytes[tagClose - 1] == UInt8(ascii: "/") {
                    return (XMLScanner(bytes: bytes, range: tagClose..<tagClose), tagClose + 1)
                }
                let closing = Array("</\(name)>".utf8)
                guard let end = firstIndex(of: closing, from: tagClose + 1) else { return nil }
                return (XMLScanner(bytes: bytes, range: (tagClose + 1)..<end), end + closing.count)
            }
            i = open + 1
        }
        return nil
    }

    private func isNameEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == 0x20 || byte == 0x09 || byte == 0x0A
            || byte == 0x0D
    }

    private func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        var i = start
        while i < range.upperBound {
            if bytes[i] == byte { return i }
            i += 1
        }
        return nil
    }

    private func firstIndex(of needle: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + needle.count <= range.upperBound {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Decodes `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and `&#NN;` `&#xNN;`; anything else is kept as it is.
    package static func decodeEntities(_ text: ArraySlice<UInt8>) -> String {
        guard text.contains(UInt8(ascii: "&")) else { return String(decoding: text, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            let byte = text[i]
            guard byte == UInt8(ascii: "&"),
                let semicolon = text[i...].prefix(12).firstIndex(of: UInt8(ascii: ";"))
            else {
                out.append(byte)
                i += 1
                continue
            }
            let entity = String(decoding: text[(i + 1)..<semicolon], as: UTF8.self)
            var scalar: Unicode.Scalar?
            switch entity {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                }
            }
            if let scalar {
                out.append(contentsOf: String(Character(scalar)).utf8)
                i = semicolon + 1
            } else {
                out.append(byte)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes text for an element's content (keys in DeleteObjects).
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
