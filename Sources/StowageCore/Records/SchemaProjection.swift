/// Sorts a record's `data` members into the stream's declared columns and the undeclared rest.
///
/// Shared by every format that writes one column per top-level schema property (CSV and Parquet under
/// root-level flattening). After ``project(_:)``, ``value(ofColumn:)`` gives each column's value, if the record
/// has one, and ``extras`` the members the schema does not declare, in input order. Memory: a few arrays the
/// size of the column count and of the widest record's extras, reused for every record.
package struct SchemaProjection {
    package let columns: [String]
    private let index: ColumnIndex
    /// Per column: the value of the current record, valid when its `slotRow` entry equals `row`.
    private var slots: [JSONSpan]
    private var slotRow: [UInt32]
    private var row: UInt32 = 0
    package private(set) var extras: [MemberList.Member] = []
    private var keyScratch: [UInt8] = []

    package init(columns: [String]) {
        self.columns = columns
        index = ColumnIndex(columns: columns)
        slots = [JSONSpan](repeating: JSONSpan(start: 0, end: 0, kind: .null), count: columns.count)
        slotRow = [UInt32](repeating: 0, count: columns.count)
    }

    package var columnCount: Int { columns.count }

    /// Files each member of the record's data under its column, or among the extras.
    package mutating func project(_ record: RecordView) {
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

    /// The value of `column` in the record last projected, or nil when the record has no such member.
    @inline(__always)
    package func value(ofColumn column: Int) -> JSONSpan? {
        slotRow.withUnsafeBufferPointer { $0[column] == row } ? slots.withUnsafeBufferPointer { $0[column] } : nil
    }

    /// Calls `body` with each column's value (nil when absent), in column order, without copying.
    @inline(__always)
    package func forEachColumn(_ body: (Int, JSONSpan?) -> Void) {
        slots.withUnsafeBufferPointer { slots in
            slotRow.withUnsafeBufferPointer { slotRow in
                for column in 0..<slots.count {
                    body(column, slotRow[column] == row ? slots[column] : nil)
                }
            }
        }
    }

    private mutating func lookUpEscaped(_ key: JSONSpan, _ line: UnsafePointer<UInt8>) -> Int? {
        let length = key.end - key.start - 2
        if keyScratch.count < length { keyScratch = [UInt8](repeating: 0, count: length) }
        return keyScratch.withUnsafeMutableBufferPointer { scratch in
            let n = JSONString.decode(line + key.start + 1, count: length, into: scratch.baseAddress!)
            return index.column(named: scratch.baseAddress!, count: n, position: Int.max)
        }
    }
}
