/// Sorts a record's `data` members into the stream's declared columns and the undeclared rest.
///
/// Shared by every format that writes one column per top-level schema property (CSV and Parquet under
/// root-level flattening). After ``project(_:)``, ``value(ofColumn:)`` gives each column's value, if the record
/// has one, and ``extras`` the members the schema does not declare, in input order. Memory: a few buffers the
/// size of the column count and of the widest record, reused for every record. Copies share them (the encoders of
/// one stream's files are copies of one prototype), so a projection's results must be read before any copy
/// projects again: one thread, one record at a time, as every encoder does within its `encode`.
package struct SchemaProjection {
    package let columns: [String]
    private let index: ColumnIndex
    private let storage: ProjectionStorage
    private var keyScratch: [UInt8] = []

    package init(columns: [String]) {
        self.columns = columns
        index = ColumnIndex(columns: columns)
        storage = ProjectionStorage(columnCount: columns.count)
    }

    package var columnCount: Int { columns.count }

    /// The members of the record last projected that the schema does not declare, in input order; valid until the
    /// next projection.
    package var extras: UnsafeBufferPointer<MemberList.Member> {
        UnsafeBufferPointer(start: storage.extras, count: storage.extraCount)
    }

    /// Files each member of the record's data under its column, or among the extras.
    package mutating func project(_ record: RecordView) {
        let storage = storage
        storage.row &+= 1
        if storage.row == 0 {
            storage.slotRow.update(repeating: 0, count: columns.count)
            storage.row = 1
        }
        let row = storage.row
        let slots = storage.slots
        let slotRow = storage.slotRow
        storage.extraCount = 0
        if record.members.count > storage.extraCapacity { storage.growExtras(to: record.members.count) }
        let extras = storage.extras
        var extraCount = 0
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
                extras[extraCount] = member
                extraCount += 1
            }
        }
        storage.extraCount = extraCount
    }

    /// The value of `column` in the record last projected, or nil when the record has no such member.
    @inline(__always)
    package func value(ofColumn column: Int) -> JSONSpan? {
        storage.slotRow[column] == storage.row ? storage.slots[column] : nil
    }

    /// Calls `body` with each column's value (nil when absent), in column order, without copying.
    @inline(__always)
    package func forEachColumn(_ body: (Int, JSONSpan?) -> Void) {
        let (slots, slotRow, row) = (storage.slots, storage.slotRow, storage.row)
        for column in 0..<columns.count {
            body(column, slotRow[column] == row ? slots[column] : nil)
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

/// A projection's buffers, in raw memory so that filing a member costs no uniqueness or bounds check.
private final class ProjectionStorage {
    /// Per column: the value of the current record, valid when its `slotRow` entry equals `row`.
    let slots: UnsafeMutablePointer<JSONSpan>
    let slotRow: UnsafeMutablePointer<UInt32>
    var row: UInt32 = 0
    var extras: UnsafeMutablePointer<MemberList.Member>
    var extraCapacity = 16
    var extraCount = 0

    init(columnCount: Int) {
        slots = .allocate(capacity: max(columnCount, 1))
        slots.initialize(repeating: JSONSpan(start: 0, end: 0, kind: .null), count: max(columnCount, 1))
        slotRow = .allocate(capacity: max(columnCount, 1))
        slotRow.initialize(repeating: 0, count: max(columnCount, 1))
        extras = .allocate(capacity: extraCapacity)
    }

    deinit {
        slots.deallocate()
        slotRow.deallocate()
        extras.deallocate()
    }

    func growExtras(to needed: Int) {
        var bigger = extraCapacity * 2
        while bigger < needed { bigger *= 2 }
        extras.deallocate()
        extras = .allocate(capacity: bigger)
        extraCapacity = bigger
    }
}
