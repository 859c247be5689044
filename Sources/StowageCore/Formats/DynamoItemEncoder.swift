#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns one record into a DynamoDB item: a BatchWriteItem `PutRequest` written straight from the record's
/// spans, with the item's size counted by DynamoDB's rules as it goes.
///
/// The item holds `_airbyte_ab_id` (S, a UUID), `_airbyte_emitted_at` (N), the sync marker when there is one,
/// then every top-level member of the data: string → `S`, number → `N` with the source's own digits,
/// true/false → `BOOL`, null → `NULL`, object → `M`, array → `L`, recursively. A data member named like a
/// metadata attribute gives way to it; a name the data repeats keeps its last value. Strings without escapes
/// are copied byte for byte; escaped ones are decoded and re-escaped minimally. `specs/dynamodb.md` is the
/// contract. Memory: two scratch buffers as long as the longest escaped name or string, and a table of two
/// `Int32`s per top-level member of the widest record.
package struct DynamoItemEncoder {
    package struct Options: Sendable, Equatable {
        /// Numbers DynamoDB cannot store become strings (`S`) holding their text, instead of a rejection.
        package var invalidNumbersAsStrings = false
        /// The value of ``DynamoItemEncoder/syncMarkerName`` on every item (the run's id), or nil for none.
        package var syncMarker: String?

        package init(invalidNumbersAsStrings: Bool = false, syncMarker: String? = nil) {
            self.invalidNumbersAsStrings = invalidNumbersAsStrings
            self.syncMarker = syncMarker
        }
    }

    /// What an encoded item is: its size by DynamoDB's rules, and the kinds of its key values.
    package struct Item: Equatable {
        package var size: Int
        package var hashKind: JSONKind
        package var rangeKind: JSONKind?
    }

    /// DynamoDB's largest item, attribute names included: 400 KB.
    package static let maximumItemSize = 400 * 1024
    /// The deepest nesting of lists and maps DynamoDB stores.
    package static let maximumDepth = 32
    /// The largest partition and sort key values, in bytes.
    package static let maximumHashKeyBytes = 2048
    package static let maximumRangeKeyBytes = 1024

    package static let abIDName = "_airbyte_ab_id"
    package static let emittedAtName = "_airbyte_emitted_at"
    /// The attribute that says which run wrote an item, for overwrite.
    package static let syncMarkerName = "_stowage_sync_id"

    private let options: Options
    private let hashKey: [UInt8]
    private let rangeKey: [UInt8]?
    private let afterID: [UInt8]
    private let marker: [UInt8]
    private let metadataSize: Int
    /// Escaped names and strings, decoded.
    private let scratch = DecodeScratch()
    private let otherScratch = DecodeScratch()
    /// Open addressing over the top-level names (member index + 1, 0 empty), and which members give way.
    private var names: [Int32] = []
    private var skipped: [Bool] = []

    /// - Parameters:
    ///   - hashKey, rangeKey: the key attributes' names; a metadata name takes the metadata value.
    package init(hashKey: String, rangeKey: String?, options: Options = Options()) {
        self.options = options
        self.hashKey = Array(hashKey.utf8)
        self.rangeKey = rangeKey.map { Array($0.utf8) }
        afterID = Array("\"},\"\(Self.emittedAtName)\":".utf8)
        var size = Self.abIDName.utf8.count + 36 + Self.emittedAtName.utf8.count
        if let value = options.syncMarker {
            var bytes = Array(",\"\(Self.syncMarkerName)\":{\"S\":".utf8)
            Self.appendJSONString(Array(value.utf8), to: &bytes)
            bytes.append(UInt8(ascii: "}"))
            marker = bytes
            size += Self.syncMarkerName.utf8.count + value.utf8.count
        } else {
            marker = []
        }
        metadataSize = size
    }

    private static let opening = Array("{\"PutRequest\":{\"Item\":{\"\(abIDName)\":{\"S\":\"".utf8)
    private static let closing = Array("}}}".utf8)

    /// Appends `{"PutRequest":{"Item":{…}}}` for `record` to `out`, and the key's canonical bytes (equal for
    /// equal DynamoDB keys: `1.0` and `1` alike) to `key`.
    ///
    /// `abID` is the record's `_airbyte_ab_id`, 36 bytes. Throws a ``RecordRejection`` for an item DynamoDB
    /// would refuse (over 400 KB, a number it cannot store, nesting deeper than 32, a missing, empty or
    /// non-scalar key value, an empty attribute name); `out` may then hold part of the item, which the
    /// caller cuts off.
    package mutating func encode(
        _ record: RecordView, abID: UnsafePointer<UInt8>, into out: OutputBuffer, key: inout [UInt8]
    ) throws(RecordRejection) -> Item {
        guard record.members.isEmpty, record.data.end - record.data.start > 2 else {
            return try encode(record, members: record.members, abID: abID, into: out, key: &key)
        }
        // The data's members were not listed (a caller other than the pipeline): list them here.
        let listed = Self.list(record.data, in: record.line)
        return try withExtendedLifetime(listed) { () throws(RecordRejection) -> Item in
            try encode(record, members: listed.members, abID: abID, into: out, key: &key)
        }
    }

    private mutating func encode(
        _ record: RecordView, members: UnsafeBufferPointer<MemberList.Member>, abID: UnsafePointer<UInt8>,
        into out: OutputBuffer, key: inout [UInt8]
    ) throws(RecordRejection) -> Item {
        let line = record.line
        try analyse(members, line)
        out.append(Self.opening)
        out.append(abID, count: 36)
        out.append(afterID)
        var size = metadataSize
        size += try number(record.bytes(of: record.emittedAt), name: { "emitted_at" }, into: out)
        out.append(marker)
        var hash: (span: JSONSpan?, metadata: Int)?
        var range: (span: JSONSpan?, metadata: Int)?
        if let which = Self.metadataIndex(hashKey) { hash = (nil, which) }
        if let rangeKey, let which = Self.metadataIndex(rangeKey) { range = (nil, which) }
        for index in 0..<members.count where !skipped[index] {
            let member = members[index]
            out.append(byte: UInt8(ascii: ","))
            let nameLength = writeString(member.key, line, into: out)
            if hash == nil, nameEquals(member.key, line, hashKey) { hash = (member.value, 0) }
            if let rangeKey, range == nil, nameEquals(member.key, line, rangeKey) { range = (member.value, 0) }
            out.append(byte: UInt8(ascii: ":"))
            size += nameLength
            size += try value(
                member.value, line, depth: 0, name: member.key, into: out, limit: Self.maximumItemSize - size)
            guard size <= Self.maximumItemSize else { throw tooLarge(size) }
        }
        out.append(Self.closing)
        let hashKind = try keyValue(hash, name: hashKey, isHash: true, record, abID, key: &key)
        var rangeKind: JSONKind?
        if let rangeKey {
            key.append(0xFF)
            rangeKind = try keyValue(range, name: rangeKey, isHash: false, record, abID, key: &key)
        }
        return Item(size: size, hashKind: hashKind, rangeKind: rangeKind)
    }

    // MARK: Names

    /// Marks the members that give way: named like a metadata attribute, or repeated later in the data.
    private mutating func analyse(
        _ members: UnsafeBufferPointer<MemberList.Member>, _ line: UnsafeBufferPointer<UInt8>
    ) throws(RecordRejection) {
        let count = members.count
        if skipped.count < count { skipped = [Bool](repeating: false, count: count) }
        var capacity = 16
        while capacity < 2 * count { capacity *= 2 }
        if names.count < capacity { names = [Int32](repeating: 0, count: capacity) }
        names.withUnsafeMutableBufferPointer { $0.baseAddress!.update(repeating: 0, count: capacity) }
        let mask = capacity - 1
        var index = count - 1
        while index >= 0 {
            let key = members[index].key
            skipped[index] = false
            if key.end - key.start == 2 {
                throw RecordRejection(
                    "has a member with an empty name, which DynamoDB attribute names cannot be",
                    fix: "rename it in the source")
            }
            if isMetadataName(key, line) {
                skipped[index] = true
                index -= 1
                continue
            }
            var slot = Int(truncatingIfNeeded: nameHash(key, line)) & mask
            while names[slot] != 0 {
                let other = Int(names[slot]) - 1
                if namesEqual(key, members[other].key, line) {
                    skipped[index] = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if !skipped[index] { names[slot] = Int32(index + 1) }
            index -= 1
        }
    }

    private func isMetadataName(_ key: JSONSpan, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        nameEquals(key, line, Self.abIDBytes) || nameEquals(key, line, Self.emittedAtBytes)
            || (options.syncMarker != nil && nameEquals(key, line, Self.markerBytes))
    }

    private static let abIDBytes = Array(abIDName.utf8)
    private static let emittedAtBytes = Array(emittedAtName.utf8)
    private static let markerBytes = Array(syncMarkerName.utf8)

    /// 1 for `_airbyte_ab_id`, 2 for `_airbyte_emitted_at`, nil for a data attribute.
    private static func metadataIndex(_ name: [UInt8]) -> Int? {
        name == abIDBytes ? 1 : name == emittedAtBytes ? 2 : nil
    }

    /// The decoded bytes of a string span, without quotes: the line's own, or `buffer`'s when escaped.
    private func decoded(
        _ span: JSONSpan, _ line: UnsafeBufferPointer<UInt8>, _ buffer: DecodeScratch
    ) -> UnsafeBufferPointer<UInt8> {
        let body = line.baseAddress! + span.start + 1
        let length = span.end - span.start - 2
        guard span.flags.contains(.escape) else { return UnsafeBufferPointer(start: body, count: length) }
        let out = buffer.reserve(length)
        return UnsafeBufferPointer(start: out, count: JSONString.decode(body, count: length, into: out))
    }

    private func nameEquals(_ span: JSONSpan, _ line: UnsafeBufferPointer<UInt8>, _ name: [UInt8]) -> Bool {
        if !span.flags.contains(.escape), span.end - span.start - 2 != name.count { return false }
        let bytes = decoded(span, line, scratch)
        return bytes.count == name.count
            && name.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
    }

    private func namesEqual(_ a: JSONSpan, _ b: JSONSpan, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let x = decoded(a, line, scratch)
        let y = decoded(b, line, otherScratch)
        return x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
    }

    private func nameHash(_ span: JSONSpan, _ line: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in decoded(span, line, scratch) { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return h ^ (h >> 29)
    }

    // MARK: Values

    /// Writes one AttributeValue and returns its size; `limit` is what the item may still grow by.
    private func value(
        _ span: JSONSpan, _ line: UnsafeBufferPointer<UInt8>, depth: Int, name: JSONSpan, into out: OutputBuffer,
        limit: Int
    ) throws(RecordRejection) -> Int {
        switch span.kind {
        case .string:
            guard span.end - span.start - 2 <= limit || span.flags.contains(.escape) else {
                throw tooLarge(Self.maximumItemSize - limit + span.end - span.start - 2)
            }
            out.append(Self.stringOpening)
            let size = writeString(span, line, into: out)
            out.append(byte: UInt8(ascii: "}"))
            return size
        case .number:
            return try number(
                UnsafeBufferPointer(rebasing: line[span.start..<span.end]),
                name: { JSONString.text(of: name, in: line) }, into: out)
        case .true:
            out.append(Self.trueValue)
            return 1
        case .false:
            out.append(Self.falseValue)
            return 1
        case .null:
            out.append(Self.nullValue)
            return 1
        case .object, .array:
            guard depth < Self.maximumDepth else {
                throw RecordRejection(
                    "nests lists and maps in '\(JSONString.text(of: name, in: line))' more than \(Self.maximumDepth) deep, which DynamoDB cannot store",
                    fix: "flatten it in the source")
            }
            let isObject = span.kind == .object
            out.append(isObject ? Self.mapOpening : Self.listOpening)
            var size = 3
            var scanner = JSONScanner(line, position: span.start + 1)
            var first = true
            var elements = 0
            do {
                if isObject {
                    while let key = try scanner.nextKey(first: &first) {
                        let element = try scanner.value()
                        if elements > 0 { out.append(byte: UInt8(ascii: ",")) }
                        elements += 1
                        size += writeString(key, line, into: out) + 1
                        out.append(byte: UInt8(ascii: ":"))
                        size += try value(element, line, depth: depth + 1, name: name, into: out, limit: limit - size)
                        guard size <= limit else { throw tooLarge(Self.maximumItemSize - limit + size) }
                    }
                } else {
                    while try scanner.nextElement(first: &first) {
                        let element = try scanner.value()
                        if elements > 0 { out.append(byte: UInt8(ascii: ",")) }
                        elements += 1
                        size += 1
                        size += try value(element, line, depth: depth + 1, name: name, into: out, limit: limit - size)
                        guard size <= limit else { throw tooLarge(Self.maximumItemSize - limit + size) }
                    }
                }
            } catch let error as RecordRejection {
                throw error
            } catch {
                // The line was validated before it got here.
                throw RecordRejection("is not valid JSON (\(error))", fix: "fix the source")
            }
            out.append(isObject ? Self.mapClosing : Self.listClosing)
            return size
        }
    }

    /// Writes `{"N":"…"}` with the text as it is, or `{"S":"…"}` for a number DynamoDB cannot store when
    /// that is allowed; returns its size. `name` names the top-level attribute in a rejection.
    private func number(
        _ text: UnsafeBufferPointer<UInt8>, name: () -> String, into out: OutputBuffer
    ) throws(RecordRejection) -> Int {
        let parsed = DynamoNumber(text.baseAddress!, count: text.count)
        if let problem = parsed.problem {
            guard options.invalidNumbersAsStrings else {
                throw RecordRejection(
                    "has the number '\(Self.shown(text))' in '\(name())', which \(problem)",
                    fix: "fix the source, or set 'invalid_numbers' to 'string' to store such numbers as strings")
            }
            out.append(Self.stringOpening)
            out.append(byte: UInt8(ascii: "\""))
            out.append(text.baseAddress!, count: text.count)
            out.append(Self.quoteClosing)
            return text.count
        }
        out.append(Self.numberOpening)
        out.append(text.baseAddress!, count: text.count)
        out.append(Self.quoteClosing)
        return parsed.size
    }

    /// Writes a string span as a JSON string and returns its decoded length in bytes.
    @discardableResult
    private func writeString(_ span: JSONSpan, _ line: UnsafeBufferPointer<UInt8>, into out: OutputBuffer) -> Int {
        guard span.flags.contains(.escape) else {
            out.append(line.baseAddress! + span.start, count: span.end - span.start)
            return span.end - span.start - 2
        }
        let bytes = decoded(span, line, scratch)
        let p = out.reserve(bytes.count * 6 + 2)
        var o = 0
        p[o] = UInt8(ascii: "\"")
        o += 1
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                p[o] = UInt8(ascii: "\\")
                p[o + 1] = byte
                o += 2
            case 0..<0x20:
                p[o] = UInt8(ascii: "\\")
                p[o + 1] = UInt8(ascii: "u")
                p[o + 2] = UInt8(ascii: "0")
                p[o + 3] = UInt8(ascii: "0")
                p[o + 4] = Self.hex[Int(byte >> 4)]
                p[o + 5] = Self.hex[Int(byte & 0x0F)]
                o += 6
            default:
                p[o] = byte
                o += 1
            }
        }
        p[o] = UInt8(ascii: "\"")
        out.count += o + 1
        return bytes.count
    }

    /// Appends `bytes` (UTF-8) as a JSON string, escaping quotes, backslashes and control characters.
    static func appendJSONString(_ bytes: [UInt8], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0..<0x20:
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: Keys

    /// Checks one key value and appends its canonical bytes: a kind byte, then the decoded string or the
    /// number's canonical spelling.
    private func keyValue(
        _ found: (span: JSONSpan?, metadata: Int)?, name: [UInt8], isHash: Bool, _ record: RecordView,
        _ abID: UnsafePointer<UInt8>, key: inout [UInt8]
    ) throws(RecordRejection) -> JSONKind {
        let role = isHash ? "partition key" : "sort key"
        let attribute = String(decoding: name, as: UTF8.self)
        guard let found else {
            throw RecordRejection(
                "has no '\(attribute)', the table's \(role)",
                fix:
                    "fix the source, or key the stream by other fields with 'streams.<stream>.hash_key' and 'range_key'"
            )
        }
        if found.metadata == 1 {
            key.append(UInt8(ascii: "S"))
            key += UnsafeBufferPointer(start: abID, count: 36)
            return .string
        }
        let span = found.span ?? record.emittedAt
        switch span.kind {
        case .string:
            let bytes = decoded(span, record.line, scratch)
            let limit = isHash ? Self.maximumHashKeyBytes : Self.maximumRangeKeyBytes
            guard !bytes.isEmpty else {
                throw RecordRejection(
                    "has an empty string in '\(attribute)', the table's \(role), which DynamoDB keys cannot be",
                    fix: "fix the source")
            }
            guard bytes.count <= limit else {
                throw RecordRejection(
                    "has \(bytes.count) bytes in '\(attribute)', the table's \(role), more than DynamoDB's \(limit)",
                    fix: "shorten it in the source, or key the stream by other fields")
            }
            key.append(UInt8(ascii: "S"))
            key += bytes
        case .number:
            let text = record.bytes(of: span)
            let parsed = DynamoNumber(text.baseAddress!, count: text.count)
            if let problem = parsed.problem {
                throw RecordRejection(
                    "has the number '\(Self.shown(text))' in '\(attribute)', the table's \(role), which \(problem)",
                    fix: "fix the source")
            }
            key.append(UInt8(ascii: "N"))
            parsed.appendCanonical(of: text.baseAddress!, to: &key)
        default:
            throw RecordRejection(
                "has \(span.kind) in '\(attribute)', the table's \(role), which must be a string or a number",
                fix: "fix the source, or key the stream by other fields with 'streams.<stream>.hash_key'")
        }
        return span.kind
    }

    // MARK: Helpers

    private func tooLarge(_ size: Int) -> RecordRejection {
        RecordRejection(
            "makes an item of more than \(Self.maximumItemSize) bytes (400 KB, DynamoDB's largest item; at least \(size) counted)",
            fix: "drop or shorten its largest fields in the source")
    }

    private static func shown(_ text: UnsafeBufferPointer<UInt8>) -> String {
        let string = String(decoding: text, as: UTF8.self)
        return string.count > 60 ? String(string.prefix(60)) + "…" : string
    }

    private static func list(_ data: JSONSpan, in line: UnsafeBufferPointer<UInt8>) -> MemberList {
        var list = MemberList()
        var scanner = JSONScanner(line, position: data.start)
        _ = try? scanner.object(listingInto: &list)
        return list
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    private static let stringOpening = Array("{\"S\":".utf8)
    private static let numberOpening = Array("{\"N\":\"".utf8)
    private static let quoteClosing = Array("\"}".utf8)
    private static let trueValue = Array("{\"BOOL\":true}".utf8)
    private static let falseValue = Array("{\"BOOL\":false}".utf8)
    private static let nullValue = Array("{\"NULL\":true}".utf8)
    private static let mapOpening = Array("{\"M\":{".utf8)
    private static let listOpening = Array("{\"L\":[".utf8)
    private static let mapClosing = Array("}}".utf8)
    private static let listClosing = Array("]}".utf8)
}

/// A growable scratch buffer for decoded text, reused from record to record.
final class DecodeScratch {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init() {
        capacity = 256
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if count > capacity {
            base.deallocate()
            capacity = max(count, capacity * 2)
            base = .allocate(capacity: capacity)
        }
        return base
    }
}
