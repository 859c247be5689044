import CZstd

/// A zstd decompression context for one or more concatenated frames (RFC 8878 §3.1), reused for every call.
///
/// Memory: the context (`ZSTD_sizeof_DCtx`: ~93 KiB after a 1 MiB frame), plus buffers up to a frame's window when the
/// output arrives in pieces.
package final class ZstdDecompressor {
    private let context: OpaquePointer

    package init() throws(CodecError) {
        guard let context = ZSTD_createDCtx() else {
            throw CodecError(.outOfMemory, codec: "zstd", detail: "ZSTD_createDCtx returned NULL")
        }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(context) }

    /// Appends everything `input` holds, every frame of it, to `output` and returns how many frames there were.
    ///
    /// Fails on a corrupt or truncated frame, a bad checksum, or trailing bytes that are not a frame. `output` grows
    /// by doubling to fit the content.
    @discardableResult
    package func decompress(_ input: UnsafeRawBufferPointer, appendingTo output: CodecBuffer) throws(CodecError) -> Int
    {
        ZSTD_DCtx_reset(context, ZSTD_reset_session_only)
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var frames = 0
        var frameOpen = false
        while source.pos < source.size || frameOpen {
            let space = output.spareSpace(atLeast: max(1 << 16, input.count * 2))
            var destination = ZSTD_outBuffer(dst: space.baseAddress, size: space.count, pos: 0)
            let before = source.pos
            let hint = ZSTD_decompressStream(context, &destination, &source)
            if ZSTD_isError(hint) != 0 {
                throw CodecError(.corruptInput, codec: "zstd", detail: String(cString: ZSTD_getErrorName(hint)))
            }
            output.count += destination.pos
            if hint == 0 {
                frames += 1
                frameOpen = false
            } else {
                frameOpen = true
                let stuck = source.pos == source.size && destination.pos < destination.size && source.pos == before
                if stuck {
                    throw CodecError(.corruptInput, codec: "zstd", detail: "the input ends inside a frame")
                }
            }
        }
        return frames
    }
}
