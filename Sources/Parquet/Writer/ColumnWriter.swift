#if !_endian(little)
    #error("The Parquet writer copies INT32/INT64/DOUBLE arrays as PLAIN bytes, which needs a little-endian host.")
#endif

/// Buffers one leaf column of the open row group: the open data page, the closed pages and the dictionary.
///
/// Values arrive one per row, or for a LIST column one list (or null) per row. A page closes (``closePage(into:)``)
/// once its estimated body reaches the page size limit or it holds the page row limit; the file writer has its body
/// compressed and gives it back (``appendClosedPage(header:compressed:bodySize:)``) to be kept, with its header, in
/// ``pages`` until the row group is flushed. BYTE_ARRAY columns are dictionary-encoded until the
/// dictionary would pass its limit; the open page is then re-encoded PLAIN and the rest of the chunk stays PLAIN
/// (readers accept such mixed chunks). The dictionary page is written ahead of the data pages at flush.
///
/// Memory: the compressed pages of the open group + the open page (≤ page size limit + one value, plus a byte
/// per level and, for dictionary pages, 4 index bytes per value) + the dictionary (≤ its limit plus 20–36 bytes
/// per entry). Buffers keep their capacity from page to page and group to group.
struct ColumnWriter {
    let column: ParquetColumn
    let physicalType: PhysicalType
    let isOptional: Bool
    /// Whether this is a LIST column, whose levels are kept for every entry, and whether its elements may be null.
    private let isList: Bool
    private let elementIsOptional: Bool
    private let maxDefinitionLevel: UInt8
    private let isUTF8: Bool
    private let pageSizeLimit: Int
    private let pageRowLimit: Int
    private let dictionarySizeLimit: Int

    // The open page.
    /// Definition levels, written from the page's first null on (flat columns: until then every level is 1), or
    /// from the start for LIST columns.
    private var definitionLevels: [UInt8] = []
    /// Repetition levels of a LIST column: 0 starts a row, 1 continues its list.
    private var repetitionLevels: [UInt8] = []
    /// Whether a LIST column's list for the current row is open, and how many entries it has.
    private var isListOpen = false
    private var listEntryCount = 0
    private(set) var pageValueCount = 0
    private var pageNullCount = 0
    private var pageByteEstimate = 0
    private var int32s: [Int32] = []
    private var int64s: [Int64] = []
    private var doubles: [Double] = []
    private var booleanBits: [UInt8] = []
    private var booleanCount = 0
    /// PLAIN values of a BYTE_ARRAY page, after ``levelRoom`` bytes kept free for the page's levels.
    private var plainBytes: [UInt8] = []
    private var indices: [UInt32] = []

    // The open column chunk.
    private var dictionary = ByteArrayDictionary()
    private var isDictionaryEncoding: Bool
    /// Closed data pages, each header + compressed body, in order.
    private var pages = ClosedPages()
    private var chunkValueCount: Int64 = 0
    private var pagesUncompressedSize: Int64 = 0
    private var dictionaryPageCount: Int32 = 0
    private var plainPageCount: Int32 = 0
    private var statistics: ColumnStatistics

    /// Bytes kept ahead of a BYTE_ARRAY column's PLAIN values: a page whose levels fit (a page without nulls needs
    /// 6–8) closes with its levels written there and the buffer handed to the compression as the body, so its
    /// values are never copied; longer levels are copied, with the values, into a body of their own.
    static let levelRoom = 64

    init(column: ParquetColumn, options: ParquetWriterOptions) {
        self.column = column
        physicalType = column.physicalType
        isOptional = column.repetition == .optional
        isList = column.isList
        elementIsOptional = column.listElementRepetition == .optional
        maxDefinitionLevel = UInt8(column.maxDefinitionLevel)
        isUTF8 = column.logicalType == .string
        pageSizeLimit = options.pageSizeLimit
        pageRowLimit = options.pageRowLimit
        dictionarySizeLimit = options.dictionarySizeLimit
        isDictionaryEncoding = column.physicalType == .byteArray && column.usesDictionary
        statistics = ColumnStatistics(truncationLength: options.statisticsTruncationLength)
        emptyPlainBytes()
    }

    /// Leaves ``plainBytes`` with only its room for levels (BYTE_ARRAY columns) or empty, keeping its capacity.
    private mutating func emptyPlainBytes() {
        plainBytes.removeAll(keepingCapacity: true)
        if physicalType == .byteArray { plainBytes.append(contentsOf: repeatElement(0, count: Self.levelRoom)) }
    }

    /// Whether the open page has reached a limit and should close at the end of the row.
    var isPageFull: Bool {
        pageByteEstimate >= pageSizeLimit || pageValueCount >= pageRowLimit
    }

    /// Bytes that the open group will add to the file so far: closed pages, the open page and the dictionary.
    var bufferedByteCount: Int {
        pages.byteCount + pageByteEstimate + dictionary.plainBytes.count
    }

    /// Bytes held, counting every buffer's capacity.
    var memoryFootprint: Int {
        definitionLevels.capacity + repetitionLevels.capacity + int32s.capacity * 4 + int64s.capacity * 8 + doubles
            .capacity * 8
            + booleanBits.capacity + plainBytes.capacity + indices.capacity * 4 + pages.memoryFootprint
            + dictionary.memoryFootprint
    }

    // MARK: Values

    /// Records a null value, a null LIST element inside an open list, or a null list; returns whether the page is
    /// full.
    @inline(__always)
    mutating func appendNull() -> Bool {
        if isList {
            appendListNull()
        } else {
            precondition(isOptional, "A null appended to the REQUIRED Parquet column '\(column.name)'")
            if pageNullCount == 0 { definitionLevels.append(contentsOf: repeatElement(1, count: pageValueCount)) }
            definitionLevels.append(0)
        }
        pageNullCount &+= 1
        pageValueCount &+= 1
        statistics.addNull()
        return pageValueCount >= pageRowLimit
    }

    /// The levels of a null in a LIST column (LogicalTypes.md, "Lists"; Dremel levels): a null element is
    /// defined up to the repeated `list` group, a null list not at all.
    private mutating func appendListNull() {
        if isListOpen {
            precondition(elementIsOptional, "A null element appended to the LIST '\(column.name)' of REQUIRED elements")
            repetitionLevels.append(listEntryCount == 0 ? 0 : 1)
            definitionLevels.append(maxDefinitionLevel - 1)
            listEntryCount &+= 1
        } else {
            precondition(isOptional, "A null list appended to the REQUIRED LIST '\(column.name)'")
            repetitionLevels.append(0)
            definitionLevels.append(0)
        }
    }

    @inline(__always)
    private mutating func recordValue(bytes: Int) -> Bool {
        if isList {
            precondition(isListOpen, "A value appended to the LIST '\(column.name)' outside beginList()/endList()")
            repetitionLevels.append(listEntryCount == 0 ? 0 : 1)
            definitionLevels.append(maxDefinitionLevel)
            listEntryCount &+= 1
        } else if pageNullCount > 0 {
            definitionLevels.append(1)
        }
        pageValueCount &+= 1
        pageByteEstimate &+= bytes
        return isPageFull
    }

    /// Opens the current row's list in a LIST column; its elements follow, then ``endList()``.
    mutating func beginList() {
        precondition(isList && !isListOpen, "beginList() on '\(column.name)', which is not a LIST or has one open")
        isListOpen = true
        listEntryCount = 0
    }

    /// Closes the current row's list; an empty list is one entry defined up to the list. Returns the number of
    /// elements and whether the page is full.
    mutating func endList() -> (elements: Int, isPageFull: Bool) {
        precondition(isListOpen, "endList() on '\(column.name)' without beginList()")
        isListOpen = false
        let elements = listEntryCount
        if elements == 0 {
            repetitionLevels.append(0)
            definitionLevels.append(isOptional ? 1 : 0)
            pageNullCount &+= 1
            pageValueCount &+= 1
            statistics.addNull()
        }
        return (elements, isPageFull)
    }

    @inline(__always)
    mutating func append(_ value: Int64) -> Bool {
        precondition(physicalType == .int64, "An Int64 appended to the \(physicalType) column '\(column.name)'")
        int64s.append(value)
        statistics.add(value)
        return recordValue(bytes: 8)
    }

    @inline(__always)
    mutating func append(_ value: Int32) -> Bool {
        precondition(physicalType == .int32, "An Int32 appended to the \(physicalType) column '\(column.name)'")
        int32s.append(value)
        statistics.add(Int64(value))
        return recordValue(bytes: 4)
    }

    @inline(__always)
    mutating func append(_ value: Double) -> Bool {
        precondition(physicalType == .double, "A Double appended to the \(physicalType) column '\(column.name)'")
        doubles.append(value)
        statistics.add(value)
        return recordValue(bytes: 8)
    }

    @inline(__always)
    mutating func append(_ value: Bool) -> Bool {
        precondition(physicalType == .boolean, "A Bool appended to the \(physicalType) column '\(column.name)'")
        if booleanCount & 7 == 0 { booleanBits.append(0) }
        if value { booleanBits[booleanCount >> 3] |= 1 << UInt8(booleanCount & 7) }
        booleanCount &+= 1
        statistics.add(Int64(value ? 1 : 0))
        return recordValue(bytes: booleanCount & 7 == 1 ? 1 : 0)
    }

    @inline(__always)
    mutating func append(bytes value: UnsafeRawBufferPointer) -> Bool {
        precondition(
            physicalType == .byteArray, "A byte array appended to the \(physicalType) column '\(column.name)'")
        precondition(
            value.count <= ParquetWriterOptions.maximumValueLength,
            "A \(value.count)-byte value for the Parquet column '\(column.name)' passes the 1 GiB value limit")
        if isDictionaryEncoding {
            if let found = dictionary.index(of: value, byteLimit: dictionarySizeLimit) {
                indices.append(found.index)
                if found.inserted { statistics.add(bytes: value) }
                return recordValue(bytes: 4)
            }
            fallBackToPlain()
        }
        plainBytes.append(littleEndian: UInt32(value.count))
        plainBytes.append(raw: value)
        statistics.add(bytes: value)
        return recordValue(bytes: 4 &+ value.count)
    }

    /// Switches the rest of the chunk to PLAIN, re-encoding the open page's indices as values.
    private mutating func fallBackToPlain() {
        isDictionaryEncoding = false
        emptyPlainBytes()
        for index in indices { dictionary.appendPlain(Int(index), to: &plainBytes) }
        indices.removeAll(keepingCapacity: true)
        pageByteEstimate = plainBytes.count - Self.levelRoom
        if dictionaryPageCount == 0 { dictionary.removeAll() }
    }

    // MARK: Pages

    /// Encodes the open page's body and returns its header and where the body starts in `body`, or nil when it has
    /// no values; the open page is then empty. `body` arrives empty; a PLAIN BYTE_ARRAY page whose levels fit
    /// in ``levelRoom`` swaps it for the buffer its values are in, with the levels written just ahead of them.
    ///
    /// v1 data page body (parquet-format README, "Data Pages"): repetition levels (LIST columns only), then
    /// definition levels (when the maximum level is above 0), each as `u32` length + RLE hybrid at the bit width
    /// of its maximum level, then the values: PLAIN, or for RLE_DICTIONARY one bit-width byte + RLE hybrid indices
    /// (Encodings.md). Pages close only between rows, so a list never spans two pages.
    mutating func closePage(into body: inout [UInt8]) -> (header: DataPageHeader, bodyStart: Int)? {
        guard pageValueCount > 0 else { return nil }
        precondition(!isListOpen, "A Parquet page closed inside the list of '\(column.name)'")
        if isList { Self.appendLevels(repetitionLevels, maxLevel: 1, to: &body) }
        if maxDefinitionLevel > 0 {
            if !isList && pageNullCount == 0 {
                let lengthAt = body.count
                body.append(littleEndian: 0)
                RLEHybridEncoder.writeRun(1, count: pageValueCount, bitWidth: 1, into: &body)
                Self.patchLength(in: &body, at: lengthAt)
            } else {
                Self.appendLevels(definitionLevels, maxLevel: maxDefinitionLevel, to: &body)
            }
        }
        var encoding = Encoding.plain
        var bodyStart = 0
        switch physicalType {
        case .int32: int32s.withUnsafeBytes { body.append(raw: $0) }
        case .int64: int64s.withUnsafeBytes { body.append(raw: $0) }
        case .double: doubles.withUnsafeBytes { body.append(raw: $0) }
        case .boolean: body.append(contentsOf: booleanBits)
        case .byteArray:
            // With no entry yet the page holds only nulls: PLAIN needs no dictionary page.
            if isDictionaryEncoding && dictionary.count > 0 {
                encoding = .rleDictionary
                let bitWidth = max(1, RLEHybridEncoder.bitWidth(forMaxValue: UInt32(dictionary.count - 1)))
                body.append(UInt8(bitWidth))
                indices.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: bitWidth, into: &body) }
            } else if body.count <= Self.levelRoom {
                bodyStart = Self.levelRoom - body.count
                plainBytes.withUnsafeMutableBufferPointer { values in
                    body.withUnsafeBufferPointer { levels in
                        _ = UnsafeMutableBufferPointer(rebasing: values[bodyStart..<Self.levelRoom]).initialize(
                            fromContentsOf: levels)
                    }
                }
                swap(&body, &plainBytes)
            } else {
                body.append(contentsOf: plainBytes[Self.levelRoom...])
            }
        }
        let header = DataPageHeader(numValues: Int32(pageValueCount), encoding: encoding)
        chunkValueCount += Int64(pageValueCount)
        if encoding == .rleDictionary { dictionaryPageCount += 1 } else { plainPageCount += 1 }

        definitionLevels.removeAll(keepingCapacity: true)
        repetitionLevels.removeAll(keepingCapacity: true)
        pageValueCount = 0
        pageNullCount = 0
        pageByteEstimate = 0
        int32s.removeAll(keepingCapacity: true)
        int64s.removeAll(keepingCapacity: true)
        doubles.removeAll(keepingCapacity: true)
        booleanBits.removeAll(keepingCapacity: true)
        booleanCount = 0
        emptyPlainBytes()
        indices.removeAll(keepingCapacity: true)
        return (header, bodyStart)
    }

    /// An empty buffer to compress a page into: a spare one when there is one.
    mutating func takeBuffer() -> [UInt8] {
        pages.takeBuffer()
    }

    /// Keeps a page closed with ``closePage(into:)``: its encoded header and compressed body, and the size of its
    /// body before compression.
    mutating func appendClosedPage(header: [UInt8], compressed: consuming [UInt8], bodySize: Int) {
        pagesUncompressedSize += Int64(header.count + bodySize)
        pages.append(header: header, body: compressed)
    }

    /// Appends v1 levels: a `u32` byte length, then the RLE hybrid at the bit width of `maxLevel`.
    private static func appendLevels(_ levels: [UInt8], maxLevel: UInt8, to body: inout [UInt8]) {
        let lengthAt = body.count
        body.append(littleEndian: 0)
        levels.withUnsafeBufferPointer {
            RLEHybridEncoder.encode(
                $0, bitWidth: RLEHybridEncoder.bitWidth(forMaxValue: UInt32(maxLevel)), into: &body)
        }
        patchLength(in: &body, at: lengthAt)
    }

    /// Writes the byte count after the `u32` at `lengthAt` into it.
    private static func patchLength(in body: inout [UInt8], at lengthAt: Int) {
        let length = UInt32(body.count - lengthAt - 4)
        for k in 0..<4 { body[lengthAt + k] = UInt8(truncatingIfNeeded: length >> (8 * k)) }
    }

    /// Writes the chunk (dictionary page, then data pages) to `output` and returns its metadata; the column is then
    /// empty, with a fresh dictionary, for the next row group. Needs the open page closed and every page taken
    /// back from `compression`, which compresses the dictionary page.
    mutating func flush(
        to output: inout OffsetCountingOutput, scratch: inout PageScratch, compression: inout any PageCompression
    ) throws -> ColumnChunk {
        precondition(pageValueCount == 0, "A Parquet column chunk flushed with its page open")
        let chunkStart = output.offset
        var dictionaryPageOffset: Int64?
        var uncompressedSize = pagesUncompressedSize
        var encodings: Set<Encoding> = []
        var encodingStats: [PageEncodingStats] = []
        if dictionaryPageCount > 0 {
            var body = scratch.takeBody()
            body.append(contentsOf: dictionary.plainBytes)
            compression.submit(body, into: pages.takeBuffer())
            let page = try compression.takeOldest()
            try scratch.encodeHeader(
                .dictionaryPage, dictionaryPageHeader: DictionaryPageHeader(numValues: Int32(dictionary.count)),
                bodySize: page.bodySize, compressedSize: page.compressed.count)
            dictionaryPageOffset = chunkStart
            try output.write(scratch.header.bytes)
            try output.write(page.compressed)
            uncompressedSize += Int64(scratch.header.bytes.count + page.bodySize)
            pages.recycle(page.compressed)
            scratch.recycle(page.body)
            encodings.formUnion([.plain, .rleDictionary])
            encodingStats.append(PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1))
            encodingStats.append(
                PageEncodingStats(pageType: .dataPage, encoding: .rleDictionary, count: dictionaryPageCount))
        }
        if plainPageCount > 0 {
            encodings.insert(.plain)
            encodingStats.append(PageEncodingStats(pageType: .dataPage, encoding: .plain, count: plainPageCount))
        }
        if maxDefinitionLevel > 0 { encodings.insert(.rle) }
        let dataPageOffset = output.offset
        try pages.write(to: &output)
        let metaData = ColumnMetaData(
            type: physicalType, encodings: encodings.sorted(), pathInSchema: column.path, codec: compression.codec,
            numValues: chunkValueCount, totalUncompressedSize: uncompressedSize,
            totalCompressedSize: output.offset - chunkStart, dataPageOffset: dataPageOffset,
            dictionaryPageOffset: dictionaryPageOffset,
            statistics: statistics.statistics(physicalType: physicalType, isUTF8: isUTF8),
            encodingStats: encodingStats)

        chunkValueCount = 0
        pagesUncompressedSize = 0
        dictionaryPageCount = 0
        plainPageCount = 0
        statistics.reset()
        dictionary.removeAll()
        isDictionaryEncoding = physicalType == .byteArray && column.usesDictionary
        return ColumnChunk(metaData: metaData)
    }

    /// Drops the capacity of empty buffers; call between row groups to return memory to a shared budget.
    mutating func releaseUnusedMemory() {
        precondition(pageValueCount == 0 && pages.isEmpty, "releaseUnusedMemory() with buffered values")
        definitionLevels = []
        repetitionLevels = []
        int32s = []
        int64s = []
        doubles = []
        booleanBits = []
        plainBytes = []
        emptyPlainBytes()
        indices = []
        pages.releaseSpareBuffers()
        dictionary.releaseStorage()
    }
}
