import CSnappy

/// Snappy's raw format (`snappy_compress`, not the framing format), as Parquet SNAPPY pages hold it.
///
/// No context to reuse: libsnappy allocates its working memory (hash table and scratch, ~100–200 KiB) inside every
/// `snappy_compress` call, one allocation a call (counted), which its C API offers no way to avoid.
package enum Snappy {
    /// The largest output `inputCount` bytes can become (`snappy_max_compressed_length`: 32 + n + n/6).
    package static func maximumCompressedSize(inputCount: Int) -> Int { snappy_max_compressed_length(inputCount) }

    /// Compresses `input` into `output` and returns the compressed size.
    package static func compress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(CodecError) -> Int {
        var size = output.count
        let status = snappy_compress(
            input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count,
            output.baseAddress?.assumingMemoryBound(to: CChar.self), &size)
        guard status == SNAPPY_OK else {
            let code: CodecError.Code = status == SNAPPY_BUFFER_TOO_SMALL ? .outputTooSmall : .compressionFailed
            throw CodecError(code, codec: "snappy", detail: "status \(status.rawValue)")
        }
        return size
    }

    /// Appends the compressed `input` to `output`, which grows to `count` + ``maximumCompressedSize(inputCount:)``
    /// at most.
    package static func compress(_ input: UnsafeRawBufferPointer, appendingTo output: CodecBuffer) throws(CodecError) {
        let space = output.spareSpace(atLeast: maximumCompressedSize(inputCount: input.count))
        output.count += try compress(input, into: space)
    }

    /// Appends the decompressed `input` to `output`, which grows by the length the input declares.
    package static func decompress(_ input: UnsafeRawBufferPointer, appendingTo output: CodecBuffer) throws(CodecError)
    {
        let compressed = input.baseAddress?.assumingMemoryBound(to: CChar.self)
        var length = 0
        guard snappy_uncompressed_length(compressed, input.count, &length) == SNAPPY_OK else {
            throw CodecError(.corruptInput, codec: "snappy", detail: "no valid length header")
        }
        let space = output.spareSpace(atLeast: length)
        var size = space.count
        let status = snappy_uncompress(
            compressed, input.count, space.baseAddress?.assumingMemoryBound(to: CChar.self), &size)
        guard status == SNAPPY_OK else {
            throw CodecError(.corruptInput, codec: "snappy", detail: "status \(status.rawValue)")
        }
        output.count += size
    }
}
