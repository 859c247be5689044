import CDeflate

/// A libdeflate decompressor for gzip files of one or more members, reused for every call.
///
/// Memory: libdeflate's decompressor (11 KiB); the output grows by doubling until a member fits.
package final class GzipDecompressor {
    private let decompressor: OpaquePointer

    package init() throws(CodecError) {
        guard let decompressor = libdeflate_alloc_decompressor() else {
            throw CodecError(.outOfMemory, codec: "libdeflate gzip", detail: "no decompressor")
        }
        self.decompressor = decompressor
    }

    deinit { libdeflate_free_decompressor(decompressor) }

    /// Appends the content of every member in `input` (RFC 1952 §2.2) to `output` and returns the member count.
    ///
    /// Fails on a bad member, a CRC-32 or ISIZE mismatch, or trailing bytes that are not a member.
    @discardableResult
    package func decompress(_ input: UnsafeRawBufferPointer, appendingTo output: CodecBuffer) throws(CodecError) -> Int
    {
        var offset = 0
        var members = 0
        var guess = max(1 << 16, input.count * 4)
        while offset < input.count {
            let space = output.spareSpace(atLeast: guess)
            var consumed = 0
            var produced = 0
            let result = libdeflate_gzip_decompress_ex(
                decompressor, input.baseAddress! + offset, input.count - offset, space.baseAddress, space.count,
                &consumed, &produced)
            switch result {
            case LIBDEFLATE_SUCCESS:
                output.count += produced
                offset += consumed
                members += 1
            case LIBDEFLATE_INSUFFICIENT_SPACE:
                guess = space.count * 2
            default:
                throw CodecError(
                    .corruptInput, codec: "libdeflate gzip",
                    detail: "member \(members + 1) at byte \(offset) is not valid gzip (result \(result.rawValue))")
            }
        }
        return members
    }

    /// Decompresses one gzip member whose content size is known, such as a Parquet page, into `output`; returns the
    /// content size, or fails if the member does not hold exactly `output.count` bytes or fewer.
    package func decompressMember(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(CodecError) -> Int {
        var produced = 0
        let result = libdeflate_gzip_decompress(
            decompressor, input.baseAddress, input.count, output.baseAddress, output.count, &produced)
        guard result == LIBDEFLATE_SUCCESS else {
            let code: CodecError.Code = result == LIBDEFLATE_INSUFFICIENT_SPACE ? .outputTooSmall : .corruptInput
            throw CodecError(code, codec: "libdeflate gzip", detail: "result \(result.rawValue)")
        }
        return produced
    }
}
