import CivilTime
import Parquet

/// Turns one stream's records into one Parquet file, typed from the catalog (``ParquetStreamLayout``).
///
/// Every value goes straight from the record's spans into the column writers: strings as their bytes (escapes
/// decoded into a scratch buffer), numbers parsed from their text, dates and timestamps by CivilTime. A value
/// that does not fit its column's type is never lost and never fails the sync: the column gets null and the
/// original JSON value goes into `_airbyte_additional_properties` under the property's name, next to the
/// members the schema does not declare. `specs/parquet.md` is the contract.
///
/// Row groups end once the writer's buffered bytes reach `block_size_mb`, or earlier when the sink asks
/// (``flush(into:)``) because all open files together hold too much. Through a ``FileStream`` the encoder
/// writes every byte of the file itself (the magic with the first group, each group as it ends, the footer at
/// ``end(into:)``), a chunk at a time; without one (tests) it writes into the buffer of the call.
///
/// Memory: the writer's (``ParquetFileWriter``: the open group's compressed pages, one open page per column of at
/// most `min(page_size_kb, max(64 KiB, 8 MiB / columns))`, one dictionary per string column of at most
/// `min(dictionary_page_size_kb, max(64 KiB, 8 MiB / string columns))` plus its table, the footer so far), a
/// scratch buffer of the largest value, and the projection's arrays. ``heldBytes`` is the writer's whole
/// footprint, measured every 64 KiB of input or 4096 rows; buffers are given back after every row group.
struct ParquetEncoder: StreamingRecordEncoder {
    /// The rows and input bytes between two looks at the writer's size, which cost O(columns).
    static let checkRows = 4096
    static let checkBytes = 64 << 10
    /// Past this many row groups a file stops ending groups early for the sink's budget, so that it stays
    /// below the format's 32,767 groups however small the budget makes them.
    static let earlyFlushRowGroupLimit = 30_000

    private let layout: ParquetStreamLayout
    /// Each data column's kind, apart from the layout's names, so the record loop reads plain values.
    private let kinds: [ParquetValueKind]
    private var writer: ParquetFileWriter
    private let output: ParquetFileOutput
    private var projection: SchemaProjection
    private let blockSize: Int
    private let scratch = OutputBuffer(capacity: 4096)
    /// 36 bytes for the record's UUID, owned by ``uuidStorage``: a plain pointer, so the record loop touches no
    /// class property.
    private let uuidBytes: UnsafeMutablePointer<UInt8>
    private let uuidStorage: OutputBuffer
    /// Whether a ``FileStream`` takes the bytes; else each call's buffer does.
    private var isStreaming = false
    /// Data columns (0-based among the data columns) whose value went to `_airbyte_additional_properties`.
    private var rescued: [Int] = []
    private var rowsSinceCheck = 0
    private var bytesSinceCheck = 0
    private(set) var heldBytes = 0 {
        didSet { output.stream?.heldBytes = heldBytes }
    }

    init(layout: ParquetStreamLayout, settings: ParquetSettings, streamName: String) {
        self.layout = layout
        kinds = layout.dataColumns.map(\.kind)
        blockSize = settings.blockSize
        projection = SchemaProjection(columns: layout.dataColumns.map(\.name))
        output = ParquetFileOutput()
        uuidStorage = OutputBuffer(capacity: 64)
        uuidBytes = uuidStorage.base
        let options = Self.writerOptions(layout: layout, settings: settings, streamName: streamName)
        let compressor = ParquetPageCompressor(settings.codec)
        // Pages without a codec are only copied: not worth a thread.
        let compression: any PageCompression =
            settings.codec == .uncompressed ? InlinePageCompression(compressor) : PooledPageCompression(compressor)
        do {
            writer = try ParquetFileWriter(
                schema: layout.schema, options: options, compression: compression,
                output: ParquetByteOutput(file: output))
        } catch {
            // Unreachable: the config's ranges keep every option within the writer's.
            preconditionFailure("Parquet writer options for '\(streamName)': \(error)")
        }
        rescued.reserveCapacity(layout.dataColumns.count)
    }

    /// Page and dictionary limits shrink with the schema's width, so that one file's open pages and
    /// dictionaries stay near 8 MiB each however many columns it has (never below 64 KiB a column).
    static func writerOptions(
        layout: ParquetStreamLayout, settings: ParquetSettings, streamName: String
    ) -> ParquetWriterOptions {
        let columns = layout.schema.columns
        let dictionaryColumns = max(1, columns.filter { $0.physicalType == .byteArray && $0.usesDictionary }.count)
        return ParquetWriterOptions(
            createdBy: StowageVersion.createdBy,
            keyValueMetadata: [KeyValue(key: "stowage.stream", value: streamName)],
            pageSizeLimit: min(settings.pageSizeKB << 10, max(64 << 10, (8 << 20) / columns.count)),
            pageRowLimit: 20_000,
            dictionarySizeLimit: min(settings.dictionaryPageSizeKB << 10, max(64 << 10, (8 << 20) / dictionaryColumns)))
    }

    mutating func stream(to stream: FileStream) {
        isStreaming = true
        output.stream = stream
    }

    mutating func begin(into out: OutputBuffer) {}

    mutating func encode(_ record: RecordView, uuid: inout UUIDGenerator, into out: OutputBuffer) {
        if !isStreaming { output.buffer = out }
        let line = record.line.baseAddress!
        uuid.write(to: uuidBytes)
        writer.append(bytes: uuidBytes, count: 36, column: 0)
        writer.append(
            Self.milliseconds(line + record.emittedAt.start, count: record.emittedAt.end - record.emittedAt.start),
            column: 1)
        projection.project(record)
        if !rescued.isEmpty { rescued.removeAll(keepingCapacity: true) }
        let first = layout.metadataColumnCount
        kinds.withUnsafeBufferPointer { kinds in
            projection.forEachColumn { index, value in
                let column = first &+ index
                guard let value, value.kind != .null else {
                    writer.appendNull(column: column)
                    return
                }
                if !append(value, kind: kinds[index], line: line, column: column) {
                    writer.appendNull(column: column)
                    rescued.append(index)
                }
            }
        }
        if layout.metadata.version == .v1 { appendV1Columns() }
        appendAdditionalProperties(line: line)
        do {
            try writer.endRow()
        } catch {
            output.fail(error)
        }
        rowsSinceCheck &+= 1
        bytesSinceCheck &+= record.data.end - record.data.start
        if rowsSinceCheck >= Self.checkRows || bytesSinceCheck >= Self.checkBytes { checkSize() }
    }

    /// Writes the open row group now, for the sink's budget across files.
    mutating func flush(into out: OutputBuffer) {
        output.buffer = out
        guard writer.rowGroupRowCount > 0, writer.rowGroupCount < Self.earlyFlushRowGroupLimit else { return }
        flushRowGroup()
    }

    mutating func end(into out: OutputBuffer) {
        output.buffer = out
        do {
            try writer.finish()
        } catch {
            output.fail(error)
        }
        output.flush()
        heldBytes = 0
    }

    /// Ends the row group at `block_size_mb`, and measures what the writer holds for the sink.
    private mutating func checkSize() {
        rowsSinceCheck = 0
        bytesSinceCheck = 0
        if writer.bufferedByteCount >= blockSize {
            flushRowGroup()
        } else {
            heldBytes = writer.memoryFootprint
        }
    }

    private mutating func flushRowGroup() {
        do {
            try writer.flushRowGroup()
        } catch {
            output.fail(error)
        }
        writer.releaseUnusedMemory()
        output.flush()
        rowsSinceCheck = 0
        bytesSinceCheck = 0
        heldBytes = writer.memoryFootprint
    }

    // MARK: Values

    /// Appends `value` to `column` as `kind` wants it; false when it does not fit (nothing appended).
    @inline(__always)
    private mutating func append(
        _ value: JSONSpan, kind: ParquetValueKind, line: UnsafePointer<UInt8>, column: Int
    ) -> Bool {
        switch kind {
        case .string:
            guard value.kind == .string else { return false }
            let (p, n) = stringBytes(value, line)
            writer.append(bytes: p, count: n, column: column)
        case .json:
            let count = value.end - value.start
            if value.flags.contains(.whitespace) {
                let p = scratch.reserve(count)
                let n = JSONCompactor.write(line + value.start, count: count, compacting: true, to: p)
                writer.append(bytes: p, count: n, column: column)
            } else {
                writer.append(bytes: line + value.start, count: count, column: column)
            }
        case .integer:
            guard value.kind == .number,
                let integer = JSONNumberText.int64(line + value.start, count: value.end - value.start)
            else { return false }
            writer.append(integer, column: column)
        case .number:
            guard value.kind == .number,
                let number = JSONNumberText.double(line + value.start, count: value.end - value.start)
            else { return false }
            writer.append(number, column: column)
        case .boolean:
            switch value.kind {
            case .true: writer.append(true, column: column)
            case .false: writer.append(false, column: column)
            default: return false
            }
        case .date:
            guard value.kind == .string else { return false }
            let (p, n) = stringBytes(value, line)
            guard let days = try? DateParser.parse(p, count: n) else { return false }
            writer.append(days, column: column)
        case .timestamp(let withTimeZone):
            guard value.kind == .string else { return false }
            let (p, n) = stringBytes(value, line)
            guard let parsed = try? DateTimeParser.parseDateOrDateTime(UnsafeBufferPointer(start: p, count: n)),
                withTimeZone || !parsed.hasOffset
            else { return false }
            writer.append(parsed.microseconds, column: column)
        case .time(let withTimeZone):
            guard value.kind == .string else { return false }
            let (p, n) = stringBytes(value, line)
            guard let parsed = try? TimeOfDayParser.parse(p, count: n), withTimeZone || !parsed.hasOffset else {
                return false
            }
            let out = scratch.reserve(16)
            writer.append(bytes: out, count: Self.writeTime(parsed.microseconds, to: out), column: column)
        }
        return true
    }

    /// A string value's decoded bytes: in the line itself, or in the scratch buffer when it has escapes.
    @inline(__always)
    private func stringBytes(_ value: JSONSpan, _ line: UnsafePointer<UInt8>) -> (UnsafePointer<UInt8>, Int) {
        let body = line + value.start + 1
        let count = value.end - value.start - 2
        guard value.flags.contains(.escape) else { return (body, count) }
        let p = scratch.reserve(count)
        return (UnsafePointer(p), JSONString.decode(body, count: count, into: p))
    }

    /// `HH:MM:SS`, then `.ffffff` when the microseconds are not zero.
    static func writeTime(_ microseconds: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let seconds = Int(microseconds / 1_000_000)
        let fraction = Int(microseconds % 1_000_000)
        var o = UTCTime.writeDigits(seconds / 3600, width: 2, to: out)
        out[o] = UInt8(ascii: ":")
        o += 1
        o += UTCTime.writeDigits(seconds / 60 % 60, width: 2, to: out + o)
        out[o] = UInt8(ascii: ":")
        o += 1
        o += UTCTime.writeDigits(seconds % 60, width: 2, to: out + o)
        if fraction != 0 {
            out[o] = UInt8(ascii: ".")
            o += 1
            o += UTCTime.writeDigits(fraction, width: 6, to: out + o)
        }
        return o
    }

    /// `emitted_at` (a JSON number, checked by the pipeline) as Int64 milliseconds; a fraction is dropped.
    @inline(__always)
    static func milliseconds(_ p: UnsafePointer<UInt8>, count: Int) -> Int64 {
        if let exact = JSONNumberText.int64(p, count: count) { return exact }
        guard let number = JSONNumberText.double(p, count: count), abs(number) < 9.2e18 else { return 0 }
        return Int64(number.rounded(.towardZero))
    }

    // MARK: Additional properties and v1 columns

    /// `_airbyte_additional_properties`: one compact JSON object of the undeclared members (in input order), then
    /// the rescued values under their properties' names; null when there are neither.
    private mutating func appendAdditionalProperties(line: UnsafePointer<UInt8>) {
        let column = layout.additionalPropertiesColumn
        let extras = projection.extras
        guard !extras.isEmpty || !rescued.isEmpty else {
            writer.appendNull(column: column)
            return
        }
        var size = 2
        for member in extras { size += member.key.end - member.key.start + member.value.end - member.value.start + 2 }
        for index in rescued {
            let value = projection.value(ofColumn: index)!
            size += layout.dataColumns[index].jsonKey.count + value.end - value.start + 1
        }
        let p = scratch.reserve(size)
        p[0] = UInt8(ascii: "{")
        var o = 1
        for member in extras {
            if o > 1 {
                p[o] = UInt8(ascii: ",")
                o += 1
            }
            o += JSONCompactor.writeMember(member, from: line, to: p + o)
        }
        for index in rescued {
            if o > 1 {
                p[o] = UInt8(ascii: ",")
                o += 1
            }
            let key = layout.dataColumns[index].jsonKey
            key.withUnsafeBufferPointer { (p + o).update(from: $0.baseAddress!, count: $0.count) }
            o += key.count
            let value = projection.value(ofColumn: index)!
            o += JSONCompactor.write(
                line + value.start, count: value.end - value.start, compacting: value.flags.contains(.whitespace),
                to: p + o)
        }
        p[o] = UInt8(ascii: "}")
        writer.append(bytes: p, count: o + 1, column: column)
    }

    /// `_airbyte_generation_id` and `_airbyte_meta`, whose `changes` name every nulled value (Airbyte's
    /// `NULLED` / `DESTINATION_SERIALIZATION_ERROR`).
    private mutating func appendV1Columns() {
        writer.append(layout.metadata.generationID, column: 2)
        let (opening, change) = (layout.metaOpening, ParquetStreamLayout.metaChange)
        var size = opening.count + 2
        for index in rescued { size += layout.dataColumns[index].jsonKey.count + change.count + 12 }
        let p = scratch.reserve(size)
        var o = Self.copy(opening, to: p)
        for (i, index) in rescued.enumerated() {
            o += Self.copy(i == 0 ? Self.fieldKey : Self.nextFieldKey, to: p + o)
            let key = layout.dataColumns[index].jsonKey
            o += Self.copy(key, to: p + o) - 1
            o += Self.copy(change, to: p + o)
        }
        p[o] = UInt8(ascii: "]")
        p[o + 1] = UInt8(ascii: "}")
        writer.append(bytes: p, count: o + 2, column: 3)
    }

    private static let fieldKey = Array(#"{"field":"#.utf8)
    private static let nextFieldKey = Array(#",{"field":"#.utf8)

    @inline(__always)
    private static func copy(_ bytes: [UInt8], to p: UnsafeMutablePointer<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: $0.count) }
        return bytes.count
    }
}

/// Where a ``ParquetEncoder``'s writer puts the file's bytes: the file's ``FileStream`` when the sink gave one,
/// else the buffer of the current call. A class, so the writer's copy of its output and the encoder share it.
final class ParquetFileOutput {
    var stream: FileStream?
    var buffer: OutputBuffer?

    func write(_ bytes: UnsafeRawBufferPointer) {
        if let stream {
            stream.write(bytes)
        } else if let buffer, let base = bytes.baseAddress {
            buffer.append(base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
    }

    func flush() { stream?.flush() }

    func fail(_ error: any Error) { stream?.fail(error) }
}

/// The writer's ``ParquetOutput`` over a ``ParquetFileOutput``.
struct ParquetByteOutput: ParquetOutput {
    let file: ParquetFileOutput

    func write(_ bytes: UnsafeRawBufferPointer) {
        file.write(bytes)
    }
}
