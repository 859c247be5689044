/// Buffers one file's writer reuses for every page it closes: the uncompressed body being built and the encoded
/// header. Memory: about one page body (the page size limit plus one value), shared by all columns.
struct PageScratch {
    var body: [UInt8] = []
    var header = ThriftCompactWriter()

    var memoryFootprint: Int {
        body.capacity + header.bytes.capacity
    }

    /// Compresses ``body`` into the empty `compressed` and encodes the header for it into ``header``.
    mutating func seal(
        _ type: PageType, dataPageHeader: DataPageHeader? = nil, dictionaryPageHeader: DictionaryPageHeader? = nil,
        into compressed: inout [UInt8], compressor: inout any PageCompressor
    ) throws {
        precondition(compressed.isEmpty, "A page compressed into a buffer that is not empty")
        try body.withUnsafeBytes { try compressor.compress($0, into: &compressed) }
        guard body.count <= Int(Int32.max), compressed.count <= Int(Int32.max) else {
            throw ParquetError(
                .formatLimit,
                "A Parquet page of '\(body.count)' bytes passes the 2 GiB page limit; lower the page size limit.")
        }
        header.reset()
        header.write(
            PageHeader(
                type: type, uncompressedPageSize: Int32(body.count), compressedPageSize: Int32(compressed.count),
                dataPageHeader: dataPageHeader, dictionaryPageHeader: dictionaryPageHeader))
    }
}
