import CZstd

/// A zstd compression context that writes one frame per call and is reused for every call: one per thread.
///
/// Frames are single-threaded (no `ZSTD_c_nbWorkers`, which costs ~67 MiB per stream at level 3) and carry their
/// content size and a content checksum (RFC 8878 §3.1.1). Memory: the context, which zstd sizes for the level and
/// the input (`ZSTD_sizeof_CCtx` after 1 MiB inputs: 0.6 MiB at level 1, 1.2 MiB at 3, 3.5 MiB at 6, 12.5 MiB at 9,
/// 17 MiB at 19).
package final class ZstdCompressor {
    /// The levels libzstd accepts: negative "fast" levels up to `ZSTD_maxCLevel()` (22 in 1.5.4).
    package static let levels: ClosedRange<Int> = Int(ZSTD_minCLevel())...Int(ZSTD_maxCLevel())

    private let context: OpaquePointer
    private var level: Int?

    package init() throws(CodecError) {
        guard let context = ZSTD_createCCtx() else {
            throw CodecError(.outOfMemory, codec: "zstd", detail: "ZSTD_createCCtx returned NULL")
        }
        self.context = context
        let status = ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        if ZSTD_isError(status) != 0 {
            ZSTD_freeCCtx(context)
            throw Self.error(status, level: nil)
        }
    }

    deinit { ZSTD_freeCCtx(context) }

    /// The largest frame `inputCount` bytes can become (`ZSTD_compressBound`): the input plus ~1/256 plus a header.
    package static func maximumCompressedSize(inputCount: Int) -> Int { ZSTD_compressBound(inputCount) }

    /// Compresses `input` into one frame in `output` and returns the frame's size; fails with
    /// ``CodecError/Code-swift.struct/outputTooSmall`` when `output` is smaller than the frame.
    package func compressFrame(
        _ input: UnsafeRawBufferPointer, level: Int, into output: UnsafeMutableRawBufferPointer
    ) throws(CodecError) -> Int {
        try setLevel(level)
        let size = ZSTD_compress2(context, output.baseAddress, output.count, input.baseAddress, input.count)
        if ZSTD_isError(size) != 0 {
            let tooSmall = ZSTD_getErrorCode(size) == ZSTD_error_dstSize_tooSmall
            throw Self.error(size, level: level, code: tooSmall ? .outputTooSmall : .compressionFailed)
        }
        return size
    }

    /// Appends one frame holding `input` to `output`, which grows to `count` + ``maximumCompressedSize(inputCount:)``
    /// at most.
    package func compressFrame(
        _ input: UnsafeRawBufferPointer, level: Int, appendingTo output: CodecBuffer
    ) throws(CodecError) {
        let space = output.spareSpace(atLeast: Self.maximumCompressedSize(inputCount: input.count))
        output.count += try compressFrame(input, level: level, into: space)
    }

    private func setLevel(_ wanted: Int) throws(CodecError) {
        guard wanted != level else { return }
        guard Self.levels.contains(wanted) else {
            throw CodecError(.invalidLevel, codec: "zstd", detail: "level \(wanted) is outside \(Self.levels)")
        }
        let status = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(wanted))
        if ZSTD_isError(status) != 0 { throw Self.error(status, level: wanted) }
        level = wanted
    }

    private static func error(_ status: Int, level: Int?, code: CodecError.Code = .compressionFailed) -> CodecError {
        let codec = level.map { "zstd level \($0)" } ?? "zstd"
        return CodecError(code, codec: codec, detail: String(cString: ZSTD_getErrorName(status)))
    }
}
