import Codecs
import SampleData
import Testing

@testable import StowageCore

#if canImport(Glibc)
    import Glibc
#endif

extension CompressionStage {
    @Suite struct CompressionPoolTests {
        /// Eight files, each written by its own thread, share a two-thread pool.
        @Test func manyFilesOnManyThreadsShareOnePool() throws {
            let pool = CompressionPool()
            let files = (0..<8).map { index in
                (
                    settings: [
                        CompressionSettings(kind: .gzip, level: 1), .init(kind: .gzip, level: 5), .init(kind: .zstd),
                    ][index % 3],
                    input: SampleBytes.csv(count: 400_000 + index * 12_345, seed: UInt64(index)),
                    inner: RecordingUpload()
                )
            }
            let threads = files.map { file in
                PipelineThread.start("test writer") {
                    let upload = CompressingUpload(
                        wrapping: file.inner, settings: file.settings, pool: pool, blockSize: 30_000)
                    try? file.input.withUnsafeBytes { all in
                        for start in stride(from: 0, to: all.count, by: 7777) {
                            try upload.write(
                                UnsafeRawBufferPointer(rebasing: all[start..<min(start + 7777, all.count)]))
                        }
                    }
                    try? upload.complete()
                }
            }
            for thread in threads { pthread_join(thread, nil) }
            for file in files {
                #expect(file.inner.completed)
                #expect(try CompressedFile.read(file.inner.bytes, file.settings.kind).bytes == file.input)
            }
        }

        /// One thread interleaves writes to six open files, as the pipeline's I/O thread does with streams.
        @Test func interleavedFilesOnOneThread() throws {
            let pool = CompressionPool()
            let settings: [CompressionSettings] = [
                .init(kind: .gzip, level: 1), .init(kind: .gzip, level: 3), .init(kind: .gzip, level: 6),
                .init(kind: .zstd, level: 1), .init(kind: .zstd, level: 3), .init(kind: .gzip, level: 4),
            ]
            let inputs = settings.indices.map { SampleBytes.csv(count: 500_000, seed: UInt64(10 + $0)) }
            let inners = settings.map { _ in RecordingUpload() }
            let uploads = settings.indices.map {
                CompressingUpload(
                    wrapping: inners[$0], settings: settings[$0], pool: pool, blockSize: 50_000, blocksInFlight: 2)
            }
            for start in stride(from: 0, to: 500_000, by: 20_000) {
                for index in uploads.indices {
                    try inputs[index].withUnsafeBytes {
                        try uploads[index].write(UnsafeRawBufferPointer(rebasing: $0[start..<start + 20_000]))
                    }
                }
            }
            for upload in uploads { try upload.complete() }
            for index in uploads.indices {
                #expect(try CompressedFile.read(inners[index].bytes, settings[index].kind).bytes == inputs[index])
            }
        }

        /// A pool's threads stop when it goes, even when it was never used.
        @Test func poolsComeAndGo() throws {
            for threads in 1...4 {
                let pool = CompressionPool(threadCount: threads)
                #expect(pool.threadCount == threads)
                if threads % 2 == 0 {
                    let inner = try CompressedFile.compress(
                        SampleBytes.csv(count: 100_000), .init(kind: .gzip), pool: pool, chunkSize: 4096,
                        blockSize: 8192)
                    #expect(try CompressedFile.read(inner.bytes, .gzip).bytes == SampleBytes.csv(count: 100_000))
                }
            }
        }
    }
}
