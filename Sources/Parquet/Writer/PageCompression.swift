/// Where a writer's closed pages are compressed: at once on its own thread, or on other threads while it appends.
///
/// The writer submits each page body with an empty buffer for its compressed form, and takes the results back
/// oldest first. It keeps at most ``ParquetFileWriter/pagesInFlight`` pages submitted and not yet taken, so an
/// implementation holds at most that many bodies and outputs.
package protocol PageCompression {
    /// The codec recorded in every column chunk's metadata.
    var codec: CompressionCodec { get }

    /// Starts compressing `body` into `output`, which arrives empty (with capacity kept from earlier pages).
    mutating func submit(_ body: consuming [UInt8], into output: consuming [UInt8])

    /// The oldest page submitted and not yet taken, compressed, waiting for it if need be. After an error the
    /// writer is discarded.
    mutating func takeOldest() throws -> CompressedPage
}

/// A page body and its compressed form, as ``PageCompression`` hands them back.
package struct CompressedPage: Sendable {
    /// The uncompressed body, handed back for the writer to reuse.
    package var body: [UInt8]
    package var compressed: [UInt8]

    package init(body: [UInt8], compressed: [UInt8]) {
        self.body = body
        self.compressed = compressed
    }
}

/// Compresses each page on the writer's own thread with a ``PageCompressor``, when the writer takes it.
package struct InlinePageCompression: PageCompression {
    private var compressor: any PageCompressor
    /// Pages submitted and not yet taken: at most ``ParquetFileWriter/pagesInFlight`` + 1.
    private var waiting: [CompressedPage] = []

    package init(_ compressor: some PageCompressor) {
        self.compressor = compressor
    }

    package var codec: CompressionCodec { compressor.codec }

    package mutating func submit(_ body: consuming [UInt8], into output: consuming [UInt8]) {
        waiting.append(CompressedPage(body: body, compressed: output))
    }

    package mutating func takeOldest() throws -> CompressedPage {
        precondition(!waiting.isEmpty, "takeOldest() with no page submitted")
        var page = waiting.removeFirst()
        try page.body.withUnsafeBytes { try compressor.compress($0, into: &page.compressed) }
        return page
    }
}
