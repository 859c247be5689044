import Codecs
import Testing

@testable import StowageCore

/// Reads back what a ``CompressingUpload`` wrote, with a reader independent of the one that wrote it where there is
/// one: zlib's inflate, member by member, for gzip; libzstd's streaming decoder, frame by frame, for zstd.
enum CompressedFile {
    struct Contents {
        var bytes: [UInt8]
        /// gzip members or zstd frames.
        var parts: Int
    }

    static func read(_ file: [UInt8], _ kind: CompressionSettings.Kind) throws -> Contents {
        try file.withUnsafeBytes { bytes in
            switch kind {
            case .gzip:
                let read = try ZlibInflater.gunzip(bytes)
                return Contents(bytes: read.bytes, parts: read.members)
            case .zstd:
                let output = CodecBuffer()
                let frames = try ZstdDecompressor().decompress(bytes, appendingTo: output)
                return Contents(bytes: output.array, parts: frames)
            }
        }
    }

    /// Writes `input` through a new ``CompressingUpload`` in chunks of `chunkSize`, completes it, and returns the
    /// inner upload.
    static func compress(
        _ input: [UInt8], _ settings: CompressionSettings, pool: CompressionPool, chunkSize: Int,
        blockSize: Int = CompressingUpload.defaultBlockSize,
        blocksInFlight: Int = CompressingUpload.defaultBlocksInFlight
    ) throws -> RecordingUpload {
        let inner = RecordingUpload()
        let upload = CompressingUpload(
            wrapping: inner, settings: settings, pool: pool, blockSize: blockSize, blocksInFlight: blocksInFlight)
        var mostInFlight = 0
        try input.withUnsafeBytes { all in
            for start in stride(from: 0, to: all.count, by: chunkSize) {
                try upload.write(UnsafeRawBufferPointer(rebasing: all[start..<min(start + chunkSize, all.count)]))
                mostInFlight = max(mostInFlight, upload.blocksInFlight)
            }
        }
        #expect(mostInFlight <= blocksInFlight)
        try upload.complete()
        #expect(inner.completed)
        #expect(upload.inputBytes == input.count)
        #expect(upload.outputBytes == inner.bytes.count)
        return inner
    }
}
