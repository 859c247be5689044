/// Writes a stream's rejected records as JSON Lines: each record's `data` is the whole reject object
/// (specs/transforms.md), written as it is, then LF.
struct RejectEncoder: RecordEncoder {
    mutating func begin(into out: OutputBuffer) {}

    mutating func encode(_ record: RecordView, uuid: inout UUIDGenerator, into out: OutputBuffer) {
        let length = record.data.end - record.data.start
        let p = out.reserve(length + 1)
        p.update(from: record.line.baseAddress! + record.data.start, count: length)
        p[length] = 0x0A
        out.count += length + 1
    }
}
