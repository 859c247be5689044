/// Writes one Parquet file, forward only, from values appended row by row.
///
/// Layout (https://github.com/apache/parquet-format, "File Format"): `PAR1`, then per row group each column's
/// chunk (dictionary page, data pages), then the Thrift-compact `FileMetaData`, its `u32` length and `PAR1`. The
/// caller appends exactly one value or null per column per row, in any column order (a LIST column takes
/// ``beginList(column:)``, its elements and ``endList(column:)``, or a null), then calls ``endRow()``;
/// it decides when a row group ends (``flushRowGroup()``), typically once ``bufferedByteCount`` reaches its
/// target, and calls ``finish()`` once. Bytes go to the output in order, a page or header at a time, from the
/// first flush on; offsets are counted, never sought.
///
/// Memory per open file, the sum of:
/// - the open row group's closed pages, compressed (in ``bufferedByteCount``);
/// - per column, one open page: its values (at most `pageSizeLimit` bytes plus one value), a byte per value of
///   definition levels and, for dictionary pages, 4 bytes per index, for at most `pageRowLimit` values;
/// - per dictionary-encoded column, the dictionary: at most `dictionarySizeLimit` bytes plus 20–36 bytes per entry;
/// - the pages in flight to the compression: at most ``pagesInFlight`` bodies and their compressed forms;
/// - spare page bodies, about one page body each, as many as were in flight at once;
/// - the footer: roughly 100–200 bytes per column per flushed row group, plus the statistics (≤ 2 ×
///   `statisticsTruncationLength` + 4 bytes per column).
/// Array growth can double any of these. ``openBufferBound(schema:options:)`` bounds all but the closed pages and
/// the footer; ``memoryFootprint`` measures it all. Buffers keep their capacity across pages and groups (so a
/// long-lived writer stops allocating); ``releaseUnusedMemory()`` gives it back after a flush. A caller holding
/// several files to one budget reserves the open-buffer bound per file and flushes the file with the largest
/// ``bufferedByteCount`` early: a row group can end after any row.
///
/// Pages are compressed through a ``PageCompression``: at once (``InlinePageCompression``), or on other threads
/// while appending goes on, taken back oldest first before a row group is written.
///
/// The output and compression are existentials, not generic parameters: they are called once per page or chunk,
/// while a generic writer would run unspecialized, and slowly, in every other module that appends values.
///
/// After any thrown error the file is incomplete and the writer must be discarded.
package struct ParquetFileWriter {
    package let schema: ParquetSchema
    package let options: ParquetWriterOptions
    private var columns: [ColumnWriter]
    private var compression: any PageCompression
    /// Pages submitted to ``compression`` and not yet taken back, oldest first: at most ``pagesInFlight`` + 1.
    private var inFlight: [InFlightPage] = []
    /// The body bytes of the pages in flight, and the capacity of their buffers.
    private var inFlightBodyBytes = 0
    private var inFlightCapacity = 0
    private var sink: OffsetCountingOutput
    private var scratch = PageScratch()
    private var encodedRowGroups: [[UInt8]] = []
    private var groupRowCount = 0
    private var flushedRowCount: Int64 = 0
    private var valuesInRow = 0
    private var pageCloseRequested = false
    private var openListCount = 0
    private var isFinished = false

    /// The most pages submitted to the compression and not yet taken back: enough to keep two threads compressing,
    /// few enough that the bodies in flight stay a few pages.
    package static let pagesInFlight = 4

    /// A page in flight to the compression.
    private struct InFlightPage {
        var column: Int
        var header: DataPageHeader
        var bodySize: Int
        var capacity: Int
    }

    package init(
        schema: ParquetSchema, options: ParquetWriterOptions, compression: some PageCompression,
        output: some ParquetOutput
    ) throws(ParquetError) {
        try options.validate()
        self.schema = schema
        self.options = options
        self.compression = compression
        sink = OffsetCountingOutput(output)
        columns = schema.columns.map { ColumnWriter(column: $0, options: options) }
    }

    /// A writer that compresses each page with `compressor` on the thread that appends.
    package init(
        schema: ParquetSchema, options: ParquetWriterOptions, compressor: some PageCompressor,
        output: some ParquetOutput
    ) throws(ParquetError) {
        try self.init(
            schema: schema, options: options, compression: InlinePageCompression(compressor), output: output)
    }

    /// The caller's output, e.g. to take the bytes of an ``InMemoryParquetOutput`` after ``finish()``.
    package var output: any ParquetOutput { sink.output }

    /// Bytes written to the output so far.
    package var bytesWritten: Int64 { sink.offset }

    /// Rows ended with ``endRow()`` in the open row group.
    package var rowGroupRowCount: Int { groupRowCount }

    /// Rows ended so far in the whole file.
    package var rowCount: Int64 { flushedRowCount + Int64(groupRowCount) }

    /// Row groups written so far.
    package var rowGroupCount: Int { encodedRowGroups.count }

    /// What the open row group will roughly add to the file: compressed closed pages, plus the open pages, the
    /// dictionaries and the pages in flight uncompressed. O(columns): check it every few hundred rows, not per value.
    package var bufferedByteCount: Int {
        columns.reduce(0) { $0 + $1.bufferedByteCount } + inFlightBodyBytes
    }

    /// An upper bound on the bytes a writer for `schema` holds besides its closed pages and footer: every open
    /// page, levels, indices, dictionary and hash table at their limits, doubled for array growth, and the
    /// scratch. BYTE_ARRAY pages may also hold one value past the page size limit, which this cannot know.
    package static func openBufferBound(schema: ParquetSchema, options: ParquetWriterOptions) -> Int {
        let rows = options.pageRowLimit
        let page = options.pageSizeLimit
        var total = 2 * page
        for column in schema.columns {
            let levels = (column.maxDefinitionLevel > 0 ? rows : 0) + (column.isList ? rows : 0)
            switch column.physicalType {
            case .boolean: total += 2 * (levels + rows / 8 + 1)
            case .int32: total += 2 * (levels + min(rows * 4, page + 4))
            case .int64, .double: total += 2 * (levels + min(rows * 8, page + 8))
            case .byteArray:
                total += 2 * (levels + page)
                if column.usesDictionary {
                    // Indices, then the dictionary: entries of at least 5 bytes, 4 bytes of offset and at most
                    // 4 table slots of 8 bytes each.
                    total +=
                        2 * min(rows * 4, page + 4) + 2 * options.dictionarySizeLimit
                        + options.dictionarySizeLimit / 5 * 36
                }
            }
        }
        return total
    }

    /// Bytes this writer holds, counting every buffer's capacity and the footer so far. O(columns).
    package var memoryFootprint: Int {
        columns.reduce(0) { $0 + $1.memoryFootprint } + scratch.memoryFootprint + inFlightCapacity
            + encodedRowGroups.reduce(0) { $0 + $1.count }
    }

    // MARK: Values

    /// Appends a null to `column`, which must be OPTIONAL.
    @inline(__always)
    package mutating func appendNull(column: Int) {
        valuesInRow &+= 1
        if columns[column].appendNull() { pageCloseRequested = true }
    }

    /// Appends to an INT64 column (including TIMESTAMP, TIME and INTEGER(64) annotations).
    @inline(__always)
    package mutating func append(_ value: Int64, column: Int) {
        valuesInRow &+= 1
        if columns[column].append(value) { pageCloseRequested = true }
    }

    /// Appends to an INT32 column (including DATE and INTEGER(8/16/32) annotations).
    @inline(__always)
    package mutating func append(_ value: Int32, column: Int) {
        valuesInRow &+= 1
        if columns[column].append(value) { pageCloseRequested = true }
    }

    /// Appends to a DOUBLE column.
    @inline(__always)
    package mutating func append(_ value: Double, column: Int) {
        valuesInRow &+= 1
        if columns[column].append(value) { pageCloseRequested = true }
    }

    /// Appends to a BOOLEAN column.
    @inline(__always)
    package mutating func append(_ value: Bool, column: Int) {
        valuesInRow &+= 1
        if columns[column].append(value) { pageCloseRequested = true }
    }

    /// Appends a copy of `bytes` to a BYTE_ARRAY column (at most 1 GiB).
    @inline(__always)
    package mutating func append(bytes: UnsafeRawBufferPointer, column: Int) {
        valuesInRow &+= 1
        if columns[column].append(bytes: bytes) { pageCloseRequested = true }
    }

    /// Appends a copy of `count` bytes at `bytes` to a BYTE_ARRAY column (at most 1 GiB).
    @inline(__always)
    package mutating func append(bytes: UnsafePointer<UInt8>, count: Int, column: Int) {
        append(bytes: UnsafeRawBufferPointer(start: bytes, count: count), column: column)
    }

    /// Opens the current row's list in a LIST `column`: append its elements (values, or nulls for null elements)
    /// with the usual calls, then ``endList(column:)``. A null list is ``appendNull(column:)`` without this.
    package mutating func beginList(column: Int) {
        columns[column].beginList()
        openListCount &+= 1
    }

    /// Closes the current row's list in a LIST `column`; with no elements in between, the list is empty.
    package mutating func endList(column: Int) {
        let (elements, isPageFull) = columns[column].endList()
        openListCount &-= 1
        valuesInRow = valuesInRow &- elements &+ 1
        if isPageFull { pageCloseRequested = true }
    }

    /// Ends the row: every column must have had exactly one value or null (a LIST column: one list or null). Pages
    /// that reached a limit go to the compression here and older ones come back, so a compression error surfaces
    /// here, or at ``flushRowGroup()``.
    @inline(__always)
    package mutating func endRow() throws {
        precondition(
            valuesInRow == columns.count,
            "A Parquet row got \(valuesInRow) values for \(columns.count) columns; append one per column")
        precondition(!isFinished, "A Parquet row after finish()")
        precondition(openListCount == 0, "A Parquet row ended with a list open; call endList(column:)")
        valuesInRow = 0
        groupRowCount &+= 1
        if pageCloseRequested { try closeFullPages() }
    }

    private mutating func closeFullPages() throws {
        pageCloseRequested = false
        for i in columns.indices where columns[i].isPageFull { try closePage(i) }
    }

    /// Submits the open page of `column`, if it has values, to the compression; takes the oldest page back when
    /// more than ``pagesInFlight`` are out.
    private mutating func closePage(_ column: Int) throws {
        var body = scratch.takeBody()
        guard let (header, bodyStart) = columns[column].closePage(into: &body) else {
            scratch.recycle(body)
            return
        }
        let output = columns[column].takeBuffer()
        let page = InFlightPage(
            column: column, header: header, bodySize: body.count - bodyStart,
            capacity: body.capacity + output.capacity)
        inFlight.append(page)
        inFlightBodyBytes += page.bodySize
        inFlightCapacity += page.capacity
        compression.submit(body, from: bodyStart, into: output)
        if inFlight.count > Self.pagesInFlight { try takeOldestPage() }
    }

    /// Takes the oldest page in flight back from the compression and keeps it in its column.
    private mutating func takeOldestPage() throws {
        let page = inFlight.removeFirst()
        inFlightBodyBytes -= page.bodySize
        inFlightCapacity -= page.capacity
        let compressed = try compression.takeOldest()
        try scratch.encodeHeader(
            .dataPage, dataPageHeader: page.header, bodySize: page.bodySize, compressedSize: compressed.compressed.count
        )
        columns[page.column].appendClosedPage(
            header: scratch.header.bytes, compressed: compressed.compressed, bodySize: page.bodySize)
        scratch.recycle(compressed.body)
    }

    // MARK: Row groups and footer

    /// Writes the open row group, if it has rows: each column's chunk in schema order, its metadata kept for the
    /// footer. Needs the row to be ended.
    package mutating func flushRowGroup() throws {
        precondition(valuesInRow == 0, "flushRowGroup() in the middle of a row")
        precondition(!isFinished, "flushRowGroup() after finish()")
        guard groupRowCount > 0 else { return }
        guard encodedRowGroups.count < Int(Int16.max) else {
            throw ParquetError(
                .formatLimit,
                "A Parquet file cannot hold more than '\(Int16.max)' row groups; make row groups larger.")
        }
        for i in columns.indices { try closePage(i) }
        while !inFlight.isEmpty { try takeOldestPage() }
        try writeMagicIfNeeded()
        let groupStart = sink.offset
        var chunks: [ColumnChunk] = []
        chunks.reserveCapacity(columns.count)
        for i in columns.indices {
            chunks.append(try columns[i].flush(to: &sink, scratch: &scratch, compression: &compression))
        }
        let group = RowGroup(
            columns: chunks, totalByteSize: chunks.reduce(0) { $0 + $1.metaData.totalUncompressedSize },
            numRows: Int64(groupRowCount), fileOffset: groupStart, totalCompressedSize: sink.offset - groupStart,
            ordinal: Int16(encodedRowGroups.count))
        var encoder = ThriftCompactWriter()
        encoder.write(group)
        encodedRowGroups.append(encoder.bytes)
        flushedRowCount += Int64(groupRowCount)
        groupRowCount = 0
    }

    /// Flushes the last row group and writes the footer. A file with no rows is valid: the magic, a footer with
    /// the schema, `num_rows` 0 and no row groups, and the magic again.
    package mutating func finish() throws {
        try flushRowGroup()
        try writeMagicIfNeeded()
        let metadata = FileMetaData(
            schema: schema.schemaElements, numRows: flushedRowCount, encodedRowGroups: encodedRowGroups,
            keyValueMetadata: options.keyValueMetadata, createdBy: options.createdBy,
            columnOrders: Array(repeating: .typeDefined, count: columns.count))
        var encoder = ThriftCompactWriter()
        encoder.write(metadata)
        let length = UInt32(encoder.bytes.count)
        try sink.write(encoder.bytes)
        try sink.write((0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + Self.magic)
        isFinished = true
        encodedRowGroups = []
    }

    /// Gives back the capacity of empty buffers (pages, dictionaries, scratch) kept from the last row group.
    package mutating func releaseUnusedMemory() {
        precondition(
            groupRowCount == 0 && valuesInRow == 0 && inFlight.isEmpty,
            "releaseUnusedMemory() with rows buffered")
        for i in columns.indices { columns[i].releaseUnusedMemory() }
        scratch = PageScratch()
    }

    private static var magic: [UInt8] { Array("PAR1".utf8) }

    private mutating func writeMagicIfNeeded() throws {
        if sink.offset == 0 { try sink.write(Self.magic) }
    }
}
