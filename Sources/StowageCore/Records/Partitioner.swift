import CivilTime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Computes the partition of each record of one stream: the values of its `${RECORD_*}` and `${FIELD:…}`
/// variables, sanitised like stream names, as one key (empty, and always the same, for a stream without them).
///
/// The key is the values' bytes joined by NUL, written into a buffer reused for every record. A partition made of
/// time alone is the same for every record in one hour (or day, without `${RECORD_HOUR}`): a record in the previous
/// record's hour or day costs a time parse and a compare, and one in an hour or day seen before a dictionary lookup
/// of the tag its caller gave that partition (``remember(_:)``). Memory: the key buffer and a scratch buffer, as long
/// as the longest values, and one tag per hour or day seen.
struct Partitioner {
    /// What ``partition(_:)`` found.
    enum Outcome: Equatable {
        /// The partition is one the caller tagged with this value (``remember(_:)``); ``key`` may be another's.
        case known(Int)
        /// ``key`` holds the record's partition, which may or may not have been seen before.
        case computed
    }

    /// Why a record has no usable time.
    struct TimeProblem: Error {
        /// The field's value as received, or nil when the record has no such field.
        var value: String?
    }

    private let pieces: [RecordPiece]
    private let time: RecordTime
    private let timeField: [UInt8]?
    private let fields: [[UInt8]]
    private let needsTime: Bool
    /// Microseconds within which the key cannot change (an hour or a day), or 0 when a piece is a field or none is
    /// a time.
    private let bucketMicroseconds: Int64
    /// The bucket of the previous record's time, when ``bucketMicroseconds`` is not 0.
    private var keyBucket: Int64?
    /// The callers' tags of the buckets seen, when ``bucketMicroseconds`` is not 0.
    private var tags: [Int64: Int] = [:]
    /// The tag of the partition remembered last.
    private(set) var currentTag: Int?
    /// Where the time field was among the previous record's members: records of a stream mostly share a shape.
    private var timeFieldHint = 0
    /// The current record's key.
    private(set) var key: [UInt8] = []
    private var scratch: [UInt8] = []
    /// Records whose time fell back to `emitted_at`.
    private(set) var fallbacks = 0

    init(pieces: [RecordPiece], time: RecordTime) {
        self.pieces = pieces
        self.time = time
        timeField = time.field.map { Array($0.utf8) }
        fields = pieces.map { piece in
            if case .field(let name) = piece { return Array(name.utf8) }
            return []
        }
        needsTime = pieces.contains { if case .field = $0 { return false } else { return true } }
        let hasField = pieces.contains { if case .field = $0 { return true } else { return false } }
        let hasHour = pieces.contains { if case .hour = $0 { return true } else { return false } }
        bucketMicroseconds = hasField || !needsTime ? 0 : hasHour ? 3_600_000_000 : 86_400_000_000
    }

    /// Finds `record`'s partition; throws a ``TimeProblem`` when its time is missing or unreadable and the stream
    /// does not fall back to `emitted_at`.
    @discardableResult
    mutating func partition(_ record: RecordView) throws(TimeProblem) -> Outcome {
        if pieces.isEmpty, let currentTag { return .known(currentTag) }
        var clock: UTCTime?
        if needsTime {
            let microseconds = try microseconds(of: record)
            if bucketMicroseconds != 0 {
                let quotient = microseconds / bucketMicroseconds
                let bucket = microseconds % bucketMicroseconds < 0 ? quotient - 1 : quotient
                if bucket == keyBucket, let currentTag { return .known(currentTag) }
                keyBucket = bucket
                if let tag = tags[bucket] {
                    currentTag = tag
                    return .known(tag)
                }
            }
            clock = UTCTime(epochMicroseconds: microseconds)
        }
        key.removeAll(keepingCapacity: true)
        for (index, piece) in pieces.enumerated() {
            if index > 0 { key.append(0) }
            switch piece {
            case .year: append(clock!.year, width: 4)
            case .month: append(clock!.month, width: 2)
            case .day: append(clock!.day, width: 2)
            case .hour: append(clock!.hour, width: 2)
            case .field: appendField(fields[index], record)
            }
        }
        return .computed
    }

    /// Tags the partition ``partition(_:)`` last computed, so that its next records come back as `.known(tag)`
    /// when they are in the same hour or day, or the stream has no partitions.
    mutating func remember(_ tag: Int) {
        currentTag = tag
        guard bucketMicroseconds != 0, let keyBucket else { return }
        tags[keyBucket] = tag
    }

    /// The values of the current key, as the object names use them.
    var values: [String] {
        key.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    private mutating func microseconds(of record: RecordView) throws(TimeProblem) -> Int64 {
        guard let name = timeField else { return emittedAt(record) }
        guard let value = Self.member(named: name, in: record, hint: &timeFieldHint) else {
            if time.fallsBackToEmittedAt {
                fallbacks += 1
                return emittedAt(record)
            }
            throw TimeProblem(value: nil)
        }
        if let microseconds = time.microseconds(of: value, in: record.line) { return microseconds }
        if time.fallsBackToEmittedAt {
            fallbacks += 1
            return emittedAt(record)
        }
        let text =
            value.kind == .string
            ? JSONString.text(of: value, in: record.line) : String(decoding: record.bytes(of: value), as: UTF8.self)
        throw TimeProblem(value: text)
    }

    /// `emitted_at` (epoch milliseconds, validated as a number by the pipeline) in microseconds; 0 when absurd.
    private func emittedAt(_ record: RecordView) -> Int64 {
        let bytes = record.bytes(of: record.emittedAt)
        return (try? EpochNumberParser.parse(bytes, unit: .milliseconds).microseconds) ?? 0
    }

    private mutating func append(_ value: Int, width: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(UTCTime.maxYearLength, width, 6)) { digits in
            let written =
                width == 4
                ? UTCTime.writeYear(value, to: digits.baseAddress!)
                : UTCTime.writeDigits(value, width: width, to: digits.baseAddress!)
            key.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<written]))
        }
    }

    private mutating func appendField(_ name: [UInt8], _ record: RecordView) {
        var hint = 0
        guard let value = Self.member(named: name, in: record, hint: &hint), value.kind != .null else {
            key.append(contentsOf: StreamNaming.missingValue.utf8)
            return
        }
        let start = key.count
        let base = record.line.baseAddress!
        switch value.kind {
        case .string:
            let body = value.end - value.start - 2
            if scratch.count < body { scratch = [UInt8](repeating: 0, count: body) }
            let n = scratch.withUnsafeMutableBufferPointer { out in
                JSONString.decode(base + value.start + 1, count: body, into: out.baseAddress!)
            }
            key.append(contentsOf: scratch[0..<n])
        default:
            key.append(contentsOf: record.bytes(of: value))
        }
        ObjectLayout.sanitize(&key, from: start)
    }

    /// The value of the top-level member whose (unescaped) name is `name`, looked for at index `hint` first;
    /// `hint` becomes the index where it was found.
    private static func member(named name: [UInt8], in record: RecordView, hint: inout Int) -> JSONSpan? {
        let base = record.line.baseAddress!
        let members = record.members
        return name.withUnsafeBufferPointer { name in
            func matches(_ key: JSONSpan) -> Bool {
                let length = key.end - key.start - 2
                return length == name.count && !key.flags.contains(.escape)
                    && (length == 0 || memcmp(base + key.start + 1, name.baseAddress!, length) == 0)
            }
            if hint < members.count, matches(members[hint].key) { return members[hint].value }
            for index in members.indices where matches(members[index].key) {
                hint = index
                return members[index].value
            }
            return nil
        }
    }
}
