/// The codec that compressed a column chunk's pages: Thrift `CompressionCodec`.
///
/// See https://github.com/apache/parquet-format/blob/master/Compression.md for each codec's framing.
package enum CompressionCodec: Int32, Sendable, Hashable {
    case uncompressed = 0
    case snappy = 1
    case gzip = 2
    case lzo = 3
    case brotli = 4
    case lz4 = 5
    case zstd = 6
    case lz4Raw = 7
}
