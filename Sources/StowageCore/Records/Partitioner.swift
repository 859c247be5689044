import CivilTime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Computes the partition of each record of one stream: the values of its `${RECORD_*}` and `${FIELD:…}`
/// variables, sanitised like stream names, as one key.
///
/// The key is the values' bytes joined by NUL, written into a buffer reused for every record, so a record whose
/// partition is the previous one's costs a parse and a compare. Memory: the key buffer and a scratch buffer, as
/// long as the longest values.
struct Partitioner {
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
    }

    /// Computes `record`'s key; throws a ``TimeProblem`` when its time is missing or unreadable and the stream
    /// does not fall back to `emitted_at`.
    mutating func partition(_ record: RecordView) throws(TimeProblem) {
        key.removeAll(keepingCapacity: true)
        var clock: UTCTime?
        if needsTime { clock = UTCTime(epochMicroseconds: try microseconds(of: record)) }
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
    }

    /// The values of the current key, as the object names use them.
    var values: [String] {
        key.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    private mutating func microseconds(of record: RecordView) throws(TimeProblem) -> Int64 {
        guard let name = timeField else { return emittedAt(record) }
        guard let value = Self.member(named: name, in: record) else {
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
        let count = value < 0 ? UTCTime.maxYearLength : max(width, 6)
        let start = key.count
        key.append(contentsOf: repeatElement(0, count: count))
        let written = key.withUnsafeMutableBufferPointer { buffer in
            width == 4
                ? UTCTime.writeYear(value, to: buffer.baseAddress! + start)
                : UTCTime.writeDigits(value, width: width, to: buffer.baseAddress! + start)
        }
        key.removeLast(count - written)
    }

    private mutating func appendField(_ name: [UInt8], _ record: RecordView) {
        guard let value = Self.member(named: name, in: record), value.kind != .null else {
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

    /// The value of the top-level member whose (unescaped) name is `name`.
    private static func member(named name: [UInt8], in record: RecordView) -> JSONSpan? {
        let base = record.line.baseAddress!
        return name.withUnsafeBufferPointer { name in
            for member in record.members {
                let key = member.key
                let length = key.end - key.start - 2
                if length == name.count, !key.flags.contains(.escape),
                    length == 0 || memcmp(base + key.start + 1, name.baseAddress!, length) == 0
                {
                    return member.value
                }
            }
            return nil
        }
    }
}
