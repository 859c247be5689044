/// A record's parts, as spans of its validated input line.
package struct RecordView {
    package var line: UnsafeBufferPointer<UInt8>
    /// The `emitted_at` number.
    package var emittedAt: JSONSpan
    /// The `data` object.
    package var data: JSONSpan
    /// The members of `data`, as listed by ``MessageParser`` (needed for root-level flattening only).
    package var members: UnsafeBufferPointer<MemberList.Member>

    package init(line: UnsafeBufferPointer<UInt8>, emittedAt: JSONSpan, data: JSONSpan, members: UnsafeBufferPointer<MemberList.Member>) {
        self.line = line
        self.emittedAt = emittedAt
        self.data = data
        self.members = members
    }
}

/// Turns one stream's records into CSV rows: `_airbyte_ab_id`, `_airbyte_emitted_at`, then the data.
///
/// Without flattening the data is one `_airbyte_data` column of compact JSON. With root-level flattening
/// there is one column per schema property, in the catalog's sorted order, then
/// `_airbyte_additional_properties` holding, as one JSON object, every member the schema does not declare.
/// Rows end with CRLF (RFC 4180). Memory: a few arrays the size of the column count, reused for every row.
package struct CSVRowEncoder {
    package let header: [UInt8]
    private let flattening: Configuration.Flattening
    private let columnCount: Int
    private let index: ColumnIndex
    /// Per column: the value of the current row, valid when its `slotRow` entry equals `row`.
    private var slots: [JSONSpan]
    private var slotRow: [UInt32]
    private var row: UInt32 = 0
    private var extras: [MemberList.Member] = []
    private var keyScratch: [UInt8] = []

    package static let additionalPropertiesColumn = "_airbyte_additional_properties"

    package init(columns: [String], flattening: Configuration.Flattening) {
        self.flattening = flattening
        var names = ["_airbyte_ab_id", "_airbyte_emitted_at"]
        if flattening == .rootLevel {
            names += columns
            names.append(Self.additionalPropertiesColumn)
            columnCount = columns.count
        } else {
            names.append("_airbyte_data")
            columnCount = 0
        }
        var header: [UInt8] = []
        for (i, name) in names.enumerated() {
            if i > 0 { header.append(UInt8(ascii: ",")) }
            header += CSVField.header(name)
        }
        header += [0x0D, 0x0A]
        self.header = header
        index = ColumnIndex(columns: flattening == .rootLevel ? columns : [])
        slots = [JSONSpan](repeating: JSONSpan(start: 0, end: 0, kind: .null), count: columnCount)
        slotRow = [UInt32](repeating: 0, count: columnCount)
    }

    /// Whether ``encode(_:uuid:into:)`` needs the record's `data` members listed.
    package var needsMembers: Bool { flattening == .rootLevel }

    /// Appends the row for `record` to `out`.
    package mutating func encode(_ record: RecordView, uuid: inout UUIDGenerator, into out: OutputBuffer) {
        let line = record.line.baseAddress!
        let dataLength = record.data.end - record.data.start
        let emittedLength = record.emittedAt.end - record.emittedAt.start
        let p = out.reserve(48 + emittedLength + 2 * dataLength + 3 * columnCount)
        uuid.write(to: p)
        var o = 36
        p[o] = UInt8(ascii: ",")
        o += 1
        (p + o).update(from: line + record.emittedAt.start, count: emittedLength)
        o += emittedLength
        p[o] = UInt8(ascii: ",")
        o += 1
        if flattening == .rootLevel {
            collect(record)
            o += writeColumns(line, to: p + o)
        } else {
            o += CSVField.writeQuotedJSON(line + record.data.start, count: dataLength, compacting: record.data.flags.contains(.whitespace), to: p + o)
        }
        p[o] = 0x0D
        p[o + 1] = 0x0A
        out.count += o + 2
    }

    /// Files each member of the data object under its column, or among the extras.
    private mutating func collect(_ record: RecordView) {
        row &+= 1
        if row == 0 {
            for i in slotRow.indices { slotRow[i] = 0 }
            row = 1
        }
        extras.removeAll(keepingCapacity: true)
        let line = record.line.baseAddress!
        for (position, member) in record.members.enumerated() {
            let key = member.key
            let column: Int?
            if key.flags.contains(.escape) {
                column = lookUpEscaped(key, line)
            } else {
                column = index.column(named: line + key.start + 1, count: key.end - key.start - 2, position: position)
            }
            if let column {
                slots[column] = member.value
                slotRow[column] = row
            } else {
                extras.append(member)
            }
        }
    }

    private mutating func lookUpEscaped(_ key: JSONSpan, _ line: UnsafePointer<UInt8>) -> Int? {
        let length = key.end - key.start - 2
        if keyScratch.count < length { keyScratch = [UInt8](repeating: 0, count: length) }
        return keyScratch.withUnsafeMutableBufferPointer { scratch in
            let n = JSONString.decode(line + key.start + 1, count: length, into: scratch.baseAddress!, doublingQuotes: false)
            return index.column(named: scratch.baseAddress!, count: n, position: Int.max)
        }
    }

    private func writeColumns(_ line: UnsafePointer<UInt8>, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var o = 0
        slots.withUnsafeBufferPointer { slots in
            slotRow.withUnsafeBufferPointer { slotRow in
                for column in 0..<columnCount {
                    if slotRow[column] == row { o += CSVField.write(slots[column], from: line, to: p + o) }
                    p[o] = UInt8(ascii: ",")
                    o += 1
                }
            }
        }
        if !extras.isEmpty { o += writeExtras(line, to: p + o) }
        return o
    }

    /// The undeclared members as one compact JSON object, quoted for CSV.
    private func writeExtras(_ line: UnsafePointer<UInt8>, to p: UnsafeMutablePointer<UInt8>) -> Int {
        p[0] = UInt8(ascii: "\"")
        p[1] = UInt8(ascii: "{")
        var o = 2
        for (i, member) in extras.enumerated() {
            if i > 0 {
                p[o] = UInt8(ascii: ",")
                o += 1
            }
            o += CSVField.writeDoublingQuotes(line + member.key.start, count: member.key.end - member.key.start, compacting: false, to: p + o)
            p[o] = UInt8(ascii: ":")
            o += 1
            let value = member.value
            o += CSVField.writeDoublingQuotes(line + value.start, count: value.end - value.start, compacting: value.flags.contains(.whitespace), to: p + o)
        }
        p[o] = UInt8(ascii: "}")
        p[o + 1] = UInt8(ascii: "\"")
        return o + 2
    }
}
