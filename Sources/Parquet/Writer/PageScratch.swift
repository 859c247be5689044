/// Buffers one file's writer reuses for every page: spare page bodies and the encoded header.
///
/// Memory: the spare bodies (about one page body each, as many as were in flight at once) and one header.
struct PageScratch {
    private var spares: [[UInt8]] = []
    private(set) var header = ThriftCompactWriter()

    var memoryFootprint: Int {
        spares.reduce(0) { $0 + $1.capacity } + header.bytes.capacity
    }

    /// An empty buffer for a page body: a spare one when there is one.
    mutating func takeBody() -> [UInt8] {
        spares.popLast() ?? []
    }

    /// Keeps `body` for a later page.
    mutating func recycle(_ body: consuming [UInt8]) {
        body.removeAll(keepingCapacity: true)
        spares.append(body)
    }

    /// Encodes into ``header`` the header of a page whose body of `bodySize` bytes compressed to
    /// `compressedSize`.
    mutating func encodeHeader(
        _ type: PageType, dataPageHeader: DataPageHeader? = nil, dictionaryPageHeader: DictionaryPageHeader? = nil,
        bodySize: Int, compressedSize: Int
    ) throws(ParquetError) {
        guard bodySize <= Int(Int32.max), compressedSize <= Int(Int32.max) else {
            throw ParquetError(
                .formatLimit,
                "A Parquet page of '\(bodySize)' bytes passes the 2 GiB page limit; lower the page size limit.")
        }
        header.reset()
        header.write(
            PageHeader(
                type: type, uncompressedPageSize: Int32(bodySize), compressedPageSize: Int32(compressedSize),
                dataPageHeader: dataPageHeader, dictionaryPageHeader: dictionaryPageHeader))
    }
}
