import CDeflate

/// A libdeflate compressor for one level that writes each call's input as one whole gzip member (RFC 1952 §2.3);
/// reused for every call: one per thread and level.
///
/// libdeflate has no streaming or dictionary API, so a file of many blocks is a series of members, which RFC 1952
/// §2.2 allows and every reader tried handles (formats.md §12). Memory: libdeflate's state for the level, allocated
/// once (measured): 198 KiB at level 1, 652 KiB at 2–9, 8.6 MiB at 10–12.
package final class GzipCompressor {
    /// The levels libdeflate 1.14 accepts: 0 (stored) to 12.
    package static let levels: ClosedRange<Int> = 0...12

    package let level: Int
    private let compressor: OpaquePointer

    package init(level: Int) throws(CodecError) {
        guard Self.levels.contains(level) else {
            throw CodecError(
                .invalidLevel, codec: "libdeflate gzip", detail: "level \(level) is outside \(Self.levels)")
        }
        guard let compressor = libdeflate_alloc_compressor(Int32(level)) else {
            throw CodecError(.outOfMemory, codec: "libdeflate gzip level \(level)", detail: "no compressor")
        }
        self.level = level
        self.compressor = compressor
    }

    deinit { libdeflate_free_compressor(compressor) }

    /// The largest member `inputCount` bytes can become at any level (`libdeflate_gzip_compress_bound` without a
    /// compressor): the input, 5 bytes per stored block of it, and the 18-byte gzip wrapper.
    package static func maximumCompressedSize(inputCount: Int) -> Int {
        libdeflate_gzip_compress_bound(nil, inputCount)
    }

    /// Compresses `input` into one gzip member in `output` and returns its size; fails with
    /// ``CodecError/Code-swift.struct/outputTooSmall`` when it does not fit.
    package func compressMember(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(CodecError) -> Int {
        let size = libdeflate_gzip_compress(
            compressor, input.baseAddress, input.count, output.baseAddress, output.count)
        if size == 0 {
            throw CodecError(
                .outputTooSmall, codec: "libdeflate gzip level \(level)",
                detail: "\(input.count) bytes do not fit in \(output.count)")
        }
        return size
    }

    /// Appends one gzip member holding `input` to `output`, which grows to `count` +
    /// ``maximumCompressedSize(inputCount:)`` at most.
    package func compressMember(_ input: UnsafeRawBufferPointer, appendingTo output: CodecBuffer) throws(CodecError) {
        let space = output.spareSpace(atLeast: Self.maximumCompressedSize(inputCount: input.count))
        output.count += try compressMember(input, into: space)
    }
}
