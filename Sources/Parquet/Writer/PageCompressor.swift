/// Compresses page bodies for the writer: the codec is injected so this target needs no C library.
///
/// Each page body (levels and values, or the dictionary) is compressed on its own, as Compression.md requires
/// (https://github.com/apache/parquet-format/blob/master/Compression.md): GZIP one member per page, SNAPPY the raw
/// block format, ZSTD one frame, LZ4_RAW one block.
package protocol PageCompressor {
    /// The codec recorded in every column chunk's metadata.
    var codec: CompressionCodec { get }

    /// Leaves the compressed form of `input` in `output`, which arrives empty (with capacity kept from earlier
    /// pages). The writer records `input.count` as the uncompressed size and `output.count` as the compressed size.
    mutating func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws
}

/// Stores page bodies as they are (codec UNCOMPRESSED).
package struct UncompressedPageCompressor: PageCompressor, Sendable {
    package init() {}

    package var codec: CompressionCodec { .uncompressed }

    package func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.append(contentsOf: input.assumingMemoryBound(to: UInt8.self))
    }
}
