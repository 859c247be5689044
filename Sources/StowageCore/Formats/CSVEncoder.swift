/// Turns one stream's records into CSV rows (RFC 4180): the metadata columns, then the data.
///
/// Without flattening the data is one `_airbyte_data` column of compact JSON. With root-level flattening there
/// is one column per schema property, in the catalog's sorted order, then `_airbyte_additional_properties`
/// holding, as one JSON object, every member the schema does not declare. Rows end with CRLF. `specs/csv.md`
/// is the contract. Memory: the projection's arrays, reused for every row.
package struct CSVEncoder: RecordEncoder {
    private let header: [UInt8]
    private let flattening: Configuration.Flattening
    private let metadata: MetadataColumns
    /// `,<generation>,"<meta JSON>",` for v1, written after the emitted-at column of every row.
    private let v1Columns: [UInt8]
    private var projection: SchemaProjection

    package init(columns: [String], flattening: Configuration.Flattening, metadata: MetadataColumns = MetadataColumns())
    {
        self.flattening = flattening
        self.metadata = metadata
        let dataColumns = columns.filter { !MetadataColumns.reservedNames.contains($0) }
        var names = metadata.names
        if flattening == .rootLevel {
            names += dataColumns
            names.append(MetadataColumns.additionalPropertiesColumn)
        } else {
            names.append(MetadataColumns.dataColumn)
        }
        var header: [UInt8] = []
        for (i, name) in names.enumerated() {
            if i > 0 { header.append(UInt8(ascii: ",")) }
            header += CSVField.header(name)
        }
        header += [0x0D, 0x0A]
        self.header = header
        var v1: [UInt8] = []
        if metadata.version == .v1 {
            v1 = [UInt8(ascii: ",")] + metadata.generationText + [UInt8(ascii: ","), UInt8(ascii: "\"")]
            for byte in metadata.emptyMeta {
                v1.append(byte)
                if byte == UInt8(ascii: "\"") { v1.append(byte) }
            }
            v1.append(UInt8(ascii: "\""))
        }
        v1Columns = v1
        projection = SchemaProjection(columns: flattening == .rootLevel ? dataColumns : [])
    }

    package mutating func begin(into out: OutputBuffer) {
        out.append(header)
    }

    package mutating func encode(_ record: RecordView, uuid: inout UUIDGenerator, into out: OutputBuffer) {
        let line = record.line.baseAddress!
        let dataLength = record.data.end - record.data.start
        let emittedLength = record.emittedAt.end - record.emittedAt.start
        let columnCount = projection.columnCount
        let p = out.reserve(48 + v1Columns.count + emittedLength + 2 * dataLength + 3 * columnCount)
        uuid.write(to: p)
        var o = 36
        p[o] = UInt8(ascii: ",")
        o += 1
        (p + o).update(from: line + record.emittedAt.start, count: emittedLength)
        o += emittedLength
        if !v1Columns.isEmpty {
            v1Columns.withUnsafeBufferPointer { (p + o).update(from: $0.baseAddress!, count: $0.count) }
            o += v1Columns.count
        }
        p[o] = UInt8(ascii: ",")
        o += 1
        if flattening == .rootLevel {
            projection.project(record)
            o += writeColumns(line, to: p + o)
        } else {
            o += CSVField.writeQuotedJSON(
                line + record.data.start, count: dataLength, compacting: record.data.flags.contains(.whitespace),
                to: p + o)
        }
        p[o] = 0x0D
        p[o + 1] = 0x0A
        out.count += o + 2
    }

    private func writeColumns(_ line: UnsafePointer<UInt8>, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var o = 0
        projection.forEachColumn { _, value in
            if let value { o += CSVField.write(value, from: line, to: p + o) }
            p[o] = UInt8(ascii: ",")
            o += 1
        }
        let extras = projection.extras
        if !extras.isEmpty { o += writeExtras(extras, line, to: p + o) }
        return o
    }

    /// The undeclared members as one compact JSON object, quoted for CSV.
    private func writeExtras(
        _ extras: UnsafeBufferPointer<MemberList.Member>, _ line: UnsafePointer<UInt8>,
        to p: UnsafeMutablePointer<UInt8>
    ) -> Int {
        p[0] = UInt8(ascii: "\"")
        let compact = JSONCompactor.writeObject(of: extras, from: line, to: p + 1)
        let n = CSVField.doubleQuotesInPlace(p + 1, count: compact)
        p[n + 1] = UInt8(ascii: "\"")
        return n + 2
    }
}
