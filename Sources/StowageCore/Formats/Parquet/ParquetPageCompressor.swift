import Codecs
import Parquet
import Synchronization

/// Compresses Parquet page bodies with the Codecs target: SNAPPY raw blocks, GZIP one libdeflate member per page,
/// ZSTD one frame per page (Compression.md, https://github.com/apache/parquet-format/blob/master/Compression.md).
///
/// The library contexts and the scratch buffer come from one pool shared by every open file, so a sync with many
/// Parquet files holds one zstd context (~0.6 MiB at level 1) per thread that compresses, not one per file.
/// Memory: each pooled context, plus a scratch of the largest compressed page; the page's own buffer is sized to
/// its compressed bytes exactly.
struct ParquetPageCompressor: PageCompressor {
    let codec: CompressionCodec
    private let kind: ParquetSettings.Codec

    init(_ kind: ParquetSettings.Codec) {
        self.kind = kind
        switch kind {
        case .uncompressed: codec = .uncompressed
        case .snappy: codec = .snappy
        case .gzip: codec = .gzip
        case .zstd: codec = .zstd
        }
    }

    func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws {
        if kind == .uncompressed {
            output.append(contentsOf: input.assumingMemoryBound(to: UInt8.self))
            return
        }
        let context = PageCodecPool.shared.take()
        defer { PageCodecPool.shared.give(context) }
        let scratch = context.scratch
        scratch.removeAll()
        switch kind {
        case .uncompressed: break
        case .snappy: try Snappy.compress(input, appendingTo: scratch)
        case .gzip: try context.gzip().compressMember(input, appendingTo: scratch)
        case .zstd: try context.zstd().compressFrame(input, level: ParquetSettings.zstdLevel, appendingTo: scratch)
        }
        output.append(contentsOf: UnsafeBufferPointer(start: scratch.base, count: scratch.count))
    }
}

/// The codec contexts of ``ParquetPageCompressor``, made on first use and kept for the process, one per thread
/// compressing at the same moment: the two page threads of ``PooledPageCompression`` and the writing thread when it
/// compresses a page itself (parallel tests may have more).
final class PageCodecPool: Sendable {
    static let shared = PageCodecPool()

    private let idle = Mutex<[PageCodecContext]>([])

    func take() -> PageCodecContext {
        idle.withLock { $0.popLast() } ?? PageCodecContext()
    }

    func give(_ context: PageCodecContext) {
        idle.withLock { $0.append(context) }
    }
}

/// One thread's zstd and libdeflate contexts and scratch buffer; used by one thread at a time (the pool's).
final class PageCodecContext: @unchecked Sendable {
    // @unchecked: a context is used only by the thread that took it from the pool, until it gives it back.
    let scratch = CodecBuffer(capacity: 1 << 16)
    private var zstdContext: ZstdCompressor?
    private var gzipContext: GzipCompressor?

    func zstd() throws -> ZstdCompressor {
        if let zstdContext { return zstdContext }
        let made = try ZstdCompressor()
        zstdContext = made
        return made
    }

    func gzip() throws -> GzipCompressor {
        if let gzipContext { return gzipContext }
        let made = try GzipCompressor(level: ParquetSettings.gzipLevel)
        gzipContext = made
        return made
    }
}
