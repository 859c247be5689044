/// Turns one stream's records into JSON Lines: one compact JSON object per record, ending with LF.
///
/// Without flattening: the metadata members, then `"_airbyte_data":` and the record's data. With root-level
/// flattening: the metadata members, then every member of the data at the top level, declared or not, in input
/// order; a data member named like a metadata column moves into `_airbyte_additional_properties`, so nothing
/// is lost and no key appears twice. Strings and numbers stay byte for byte as received; only whitespace between
/// tokens goes. `specs/jsonl.md` is the contract. Memory: none beyond the output buffer.
package struct JSONLEncoder: RecordEncoder {
    private let flattening: Configuration.Flattening
    /// `{"_airbyte_ab_id":"` or `{"_airbyte_raw_id":"`.
    private let opening: [UInt8]
    /// `","_airbyte_emitted_at":` or `","_airbyte_extracted_at":`.
    private let afterID: [UInt8]
    /// v1: `,"_airbyte_generation_id":<g>,"_airbyte_meta":{…}`; v0: empty.
    private let afterTime: [UInt8]
    private var collisions: [MemberList.Member] = []
    private var keyScratch = [UInt8](repeating: 0, count: 32)

    package init(flattening: Configuration.Flattening, metadata: MetadataColumns = MetadataColumns()) {
        self.flattening = flattening
        let names = metadata.names
        opening = Array("{\"\(names[0])\":\"".utf8)
        afterID = Array("\",\"\(names[1])\":".utf8)
        if metadata.version == .v1 {
            afterTime =
                Array(",\"\(names[2])\":".utf8) + metadata.generationText + Array(",\"\(names[3])\":".utf8)
                + metadata.emptyMeta
        } else {
            afterTime = []
        }
    }

    package mutating func begin(into out: OutputBuffer) {}

    package mutating func encode(_ record: RecordView, uuid: inout UUIDGenerator, into out: OutputBuffer) {
        let line = record.line.baseAddress!
        let dataLength = record.data.end - record.data.start
        let emittedLength = record.emittedAt.end - record.emittedAt.start
        let p = out.reserve(112 + opening.count + afterID.count + afterTime.count + emittedLength + dataLength)
        var o = Self.copy(opening, to: p)
        uuid.write(to: p + o)
        o += 36
        o += Self.copy(afterID, to: p + o)
        (p + o).update(from: line + record.emittedAt.start, count: emittedLength)
        o += emittedLength
        o += Self.copy(afterTime, to: p + o)
        if flattening == .rootLevel {
            o += writeMembers(record, to: p + o)
        } else {
            o += Self.copy(Self.dataKey, to: p + o)
            o += JSONCompactor.write(
                line + record.data.start, count: dataLength, compacting: record.data.flags.contains(.whitespace),
                to: p + o)
        }
        p[o] = UInt8(ascii: "}")
        p[o + 1] = 0x0A
        out.count += o + 2
    }

    private static let dataKey = Array(",\"\(MetadataColumns.dataColumn)\":".utf8)
    private static let additionalKey = Array(",\"\(MetadataColumns.additionalPropertiesColumn)\":".utf8)

    private mutating func writeMembers(_ record: RecordView, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let line = record.line.baseAddress!
        if !record.data.flags.contains(.whitespace), !record.members.isEmpty,
            !record.members.contains(where: { isReserved($0.key, line) })
        {
            // Compact and free of metadata names: the members are the data's own bytes between its braces.
            let count = record.data.end - record.data.start - 2
            p[0] = UInt8(ascii: ",")
            (p + 1).update(from: line + record.data.start + 1, count: count)
            return count + 1
        }
        var o = 0
        collisions.removeAll(keepingCapacity: true)
        for member in record.members {
            if isReserved(member.key, line) {
                collisions.append(member)
                continue
            }
            p[o] = UInt8(ascii: ",")
            o += 1
            o += JSONCompactor.writeMember(member, from: line, to: p + o)
        }
        if !collisions.isEmpty {
            o += Self.copy(Self.additionalKey, to: p + o)
            o += collisions.withUnsafeBufferPointer { JSONCompactor.writeObject(of: $0, from: line, to: p + o) }
        }
        return o
    }

    @inline(__always)
    private mutating func isReserved(_ key: JSONSpan, _ line: UnsafePointer<UInt8>) -> Bool {
        let length = key.end - key.start - 2
        guard length >= 13 else { return false }
        guard key.flags.contains(.escape) else {
            return MetadataColumns.isReserved(line + key.start + 1, count: length)
        }
        if keyScratch.count < length { keyScratch = [UInt8](repeating: 0, count: length) }
        return keyScratch.withUnsafeMutableBufferPointer { scratch in
            let n = JSONString.decode(line + key.start + 1, count: length, into: scratch.baseAddress!)
            return MetadataColumns.isReserved(scratch.baseAddress!, count: n)
        }
    }

    @inline(__always)
    private static func copy(_ bytes: [UInt8], to p: UnsafeMutablePointer<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: $0.count) }
        return bytes.count
    }
}
