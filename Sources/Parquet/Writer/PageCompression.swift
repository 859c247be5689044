/// Where a writer's closed pages are compressed: at once on its own thread, or on other threads while it appends.
///
/// The writer submits each page body with an empty buffer for its compressed form, and takes the results back
/// oldest first. It keeps at most ``ParquetFileWriter/pagesInFlight`` pages submitted and not yet taken, so an
/// implementation holds at most that many bodies and outputs.
package protocol PageCompression {
    /// The codec recorded in every column chunk's metadata.
    var codec: CompressionCodec { get }

    /// Starts compressing `body` from `bodyStart` on (the bytes before it belong to no page) into `output`, which
    /// arrives empty (with capacity kept from earlier pages).
    mutating func submit(_ body: consuming [UInt8], from bodyStart: Int, into output: consuming [UInt8])

    /// The oldest page submitted and not yet taken, compressed, waiting for it if need be. After an error the
    /// writer is discarded.
    mutating func takeOldest() throws -> CompressedPage
}

extension PageCompression {
    /// Starts compressing the whole of `body` into `output`.
    package mutating func submit(_ body: consuming [UInt8], into output: consuming [UInt8]) {
        submit(body, from: 0, into: output)
    }
}

/// A page body and its compressed form, as ``PageCompression`` hands them back.
package struct CompressedPage: Sendable {
    /// The buffer of the uncompressed body, handed back for the writer to reuse.
    package var body: [UInt8]
    /// Where the body starts in ``body``: a column's value buffer keeps room ahead of its values for the page's
    /// levels, so that a PLAIN page is compressed where its values were appended, never copied.
    package var bodyStart: Int
    package var compressed: [UInt8]

    package init(body: [UInt8], bodyStart: Int = 0, compressed: [UInt8]) {
        self.body = body
        self.bodyStart = bodyStart
        self.compressed = compressed
    }

    /// The bytes of the uncompressed body.
    package var bodySize: Int { body.count - bodyStart }

    /// Leaves the compressed body in ``compressed``.
    package mutating func compress(with compressor: inout some PageCompressor) throws {
        let start = bodyStart
        try body.withUnsafeBytes {
            try compressor.compress(UnsafeRawBufferPointer(rebasing: $0[start...]), into: &compressed)
        }
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

    package mutating func submit(_ body: consuming [UInt8], from bodyStart: Int, into output: consuming [UInt8]) {
        waiting.append(CompressedPage(body: body, bodyStart: bodyStart, compressed: output))
    }

    package mutating func takeOldest() throws -> CompressedPage {
        precondition(!waiting.isEmpty, "takeOldest() with no page submitted")
        var page = waiting.removeFirst()
        try page.compress(with: &compressor)
        return page
    }
}
