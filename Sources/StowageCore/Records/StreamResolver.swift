#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the catalog stream a record or a state names, from the spans of its line.
///
/// The stream matched last is tried first, then (for small catalogs) every name by its bytes, then a dictionary
/// by decoded text; no reference counting on the fast paths. Memory: each stream's name bytes and one dictionary.
final class StreamResolver {
    private let names: [StreamName]
    private var byKey: [String: Int] = [:]
    private var last = -1

    init(catalog: Catalog) {
        names = catalog.streams.map { StreamName(name: $0.name, namespace: $0.namespace) }
        for (index, stream) in catalog.streams.enumerated() { byKey[Self.key(stream.namespace, stream.name)] = index }
    }

    deinit {
        for name in names { name.deallocate() }
    }

    /// The stream named `namespace.name`, by decoded text.
    func index(name: String, namespace: String?) -> Int? {
        byKey[Self.key(namespace, name)]
    }

    /// The stream whose name (and namespace: a string, null, or absent) these spans of `line` give; throws an
    /// ``InputError`` naming `number` when there is none or the namespace is not a string.
    func resolve(
        _ name: JSONSpan, _ namespace: JSONSpan?, _ line: UnsafeBufferPointer<UInt8>, _ number: Int
    ) throws(InputError) -> Int {
        let namespace = namespace?.kind == .null ? nil : namespace
        if last >= 0, names[last].matches(name, namespace, line) { return last }
        // Interleaved streams: comparing bytes beats building strings for the dictionary, for a catalog this small.
        if names.count <= 64, let index = names.firstIndex(where: { $0.matches(name, namespace, line) }) {
            last = index
            return index
        }
        let nameText = JSONString.text(of: name, in: line)
        var namespaceText: String?
        if let namespace {
            guard namespace.kind == .string else {
                throw InputError(
                    .invalidMessage,
                    "Line \(number): 'record.namespace' must be a string or null; fix the source's output.",
                    line: number, stream: nameText)
            }
            namespaceText = JSONString.text(of: namespace, in: line)
        }
        guard let index = byKey[Self.key(namespaceText, nameText)] else {
            let shown = namespaceText.map { "\($0).\(nameText)" } ?? nameText
            throw InputError(
                .unknownStream,
                "Line \(number) is a RECORD for stream '\(shown)', which is not in the configured catalog; add the stream to the catalog or fix the source.",
                line: number, stream: nameText, namespace: namespaceText
            )
        }
        last = index
        return index
    }

    private static func key(_ namespace: String?, _ name: String) -> String {
        (namespace.map { "n" + $0 } ?? "-") + "\u{0}" + name
    }
}

/// A stream's name and namespace as raw UTF-8, to match records against without reference counting.
private struct StreamName {
    let name: UnsafeMutableBufferPointer<UInt8>
    let namespace: UnsafeMutableBufferPointer<UInt8>?

    init(name: String, namespace: String?) {
        self.name = Self.copy(name)
        self.namespace = namespace.map(Self.copy)
    }

    private static func copy(_ text: String) -> UnsafeMutableBufferPointer<UInt8> {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<bytes.count])
    }

    func deallocate() {
        UnsafeMutableRawPointer(name.baseAddress)?.deallocate()
        namespace.map { UnsafeMutableRawPointer($0.baseAddress)?.deallocate() }
    }

    /// Whether a record's unescaped `stream` and `namespace` spans name this stream.
    @inline(__always)
    func matches(_ nameSpan: JSONSpan, _ namespaceSpan: JSONSpan?, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !nameSpan.flags.contains(.escape), Self.equal(nameSpan, name, line) else { return false }
        switch (namespaceSpan, namespace) {
        case (nil, nil): return true
        case (let span?, let bytes?):
            return span.kind == .string && !span.flags.contains(.escape) && Self.equal(span, bytes, line)
        default: return false
        }
    }

    @inline(__always)
    private static func equal(
        _ span: JSONSpan, _ bytes: UnsafeMutableBufferPointer<UInt8>, _ line: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        let n = span.end - span.start - 2
        return n == bytes.count
            && (n == 0 || ShortBytes.equal(bytes.baseAddress!, line.baseAddress! + span.start + 1, count: n))
    }
}
