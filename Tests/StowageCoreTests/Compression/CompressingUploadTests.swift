import Codecs
import SampleData
import Testing

@testable import StowageCore

extension CompressionStage {
    @Suite struct CompressingUploadTests {
        static let settings: [CompressionSettings] = [
            .init(kind: .gzip, level: 1), .init(kind: .gzip, level: 2), .init(kind: .gzip, level: 3),
            .init(kind: .gzip, level: 4), .init(kind: .gzip, level: 6), .init(kind: .gzip, level: 9),
            .init(kind: .zstd, level: 1), .init(kind: .zstd, level: 3), .init(kind: .zstd, level: 9),
        ]
        static let blockSize = 64 * 1024
        static let chunkSizes = [1, 2, 7, 64, 4096, 65_536, blockSize - 1, blockSize, blockSize + 1, 3 << 20]
        static let input = SampleBytes.csv(count: 300_000)
        static let largeInput = SampleBytes.csv(count: 5_000_000, seed: 5)

        /// The chunking of writes changes nothing: the output depends only on the input and the block size.
        @Test(arguments: settings)
        func roundTripsOverManyChunkSizes(settings: CompressionSettings) throws {
            let pool = CompressionPool()
            var outputs: Set<[UInt8]> = []
            for chunkSize in Self.chunkSizes {
                let inner = try CompressedFile.compress(
                    Self.input, settings, pool: pool, chunkSize: chunkSize, blockSize: Self.blockSize)
                let read = try CompressedFile.read(inner.bytes, settings.kind)
                #expect(read.bytes == Self.input, "chunk size \(chunkSize)")
                #expect(
                    read.parts == Self.expectedParts(settings, inputCount: Self.input.count, blockSize: Self.blockSize))
                outputs.insert(inner.bytes)
            }
            #expect(outputs.count == 1)
        }

        @Test(
            arguments: [CompressionSettings(kind: .gzip, level: 1), .init(kind: .gzip, level: 6), .init(kind: .zstd)],
            [
                1, 100, 32_767, 32_768, 32_769, 100_000, 1 << 20,
            ])
        func roundTripsOverManyBlockSizes(settings: CompressionSettings, blockSize: Int) throws {
            let input = SampleBytes.csv(count: min(2_500_000, blockSize * 40), seed: UInt64(blockSize))
            let inner = try CompressedFile.compress(
                input, settings, pool: CompressionPool(), chunkSize: 10_000, blockSize: blockSize)
            let read = try CompressedFile.read(inner.bytes, settings.kind)
            #expect(read.bytes == input)
            #expect(read.parts == Self.expectedParts(settings, inputCount: input.count, blockSize: blockSize))
        }

        /// Default block size (1 MiB), writes of several MiB, and whole-input writes.
        @Test(arguments: settings.filter { $0.level <= 6 }, [3 << 20, 5_000_000])
        func largeWritesWithTheDefaultBlockSize(settings: CompressionSettings, chunkSize: Int) throws {
            let input = Self.largeInput
            let inner = try CompressedFile.compress(input, settings, pool: CompressionPool(), chunkSize: chunkSize)
            let read = try CompressedFile.read(inner.bytes, settings.kind)
            #expect(read.bytes == input)
            #expect(read.parts == Self.expectedParts(settings, inputCount: input.count, blockSize: 1 << 20))
        }

        /// The bound CompressingUpload's documentation states: `blocksInFlight + 1` slots of a block and its
        /// dictionary in, a block's compressed bound out; and a small file holds far less.
        @Test(arguments: [CompressionSettings(kind: .gzip, level: 1), .init(kind: .gzip, level: 3), .init(kind: .zstd)])
        func memoryStaysWithinTheDocumentedBound(settings: CompressionSettings) throws {
            let blockSize = CompressingUpload.defaultBlockSize
            let slot = (blockSize + 32 * 1024) + (blockSize + blockSize / 64 + 1024)
            let bound = (CompressingUpload.defaultBlocksInFlight + 1) * slot
            #expect(bound < 8_600_000)
            for (input, chunkSize) in [(Self.largeInput, 100_000), (Self.largeInput, 3 << 20), (Self.input, 4096)] {
                let inner = RecordingUpload()
                let upload = CompressingUpload(wrapping: inner, settings: settings, pool: CompressionPool())
                try input.withUnsafeBytes { all in
                    for start in stride(from: 0, to: all.count, by: chunkSize) {
                        let end = min(start + chunkSize, all.count)
                        try upload.write(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                    }
                }
                try upload.complete()
                #expect(upload.bufferCapacity <= bound)
                if input.count < blockSize { #expect(upload.bufferCapacity < 3 * input.count) }
            }
        }

        @Test(arguments: settings)
        func anEmptyObjectIsAValidFile(settings: CompressionSettings) throws {
            let inner = try CompressedFile.compress([], settings, pool: CompressionPool(), chunkSize: 1)
            let read = try CompressedFile.read(inner.bytes, settings.kind)
            #expect(read.bytes.isEmpty)
            #expect(read.parts == 1)
            if CompressionEngine(settings).usesDictionary {
                // Header, an empty final block, CRC 0 and ISIZE 0: RFC 1952's smallest member.
                #expect(inner.bytes == [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])
            }
        }

        @Test(arguments: settings, [1, 3])
        func exactlyWholeBlocksEndWithoutAnEmptyPart(settings: CompressionSettings, blocks: Int) throws {
            let input = SampleBytes.csv(count: Self.blockSize * blocks, seed: 3)
            let inner = try CompressedFile.compress(
                input, settings, pool: CompressionPool(), chunkSize: 5000, blockSize: Self.blockSize)
            let read = try CompressedFile.read(inner.bytes, settings.kind)
            #expect(read.bytes == input)
            #expect(read.parts == Self.expectedParts(settings, inputCount: input.count, blockSize: Self.blockSize))
        }

        @Test(arguments: settings)
        func incompressibleAndHighlyCompressibleInput(settings: CompressionSettings) throws {
            for input in [SampleBytes.random(count: 600_000), SampleBytes.constant(count: 2_000_000)] {
                let inner = try CompressedFile.compress(
                    input, settings, pool: CompressionPool(), chunkSize: 50_000, blockSize: Self.blockSize)
                #expect(try CompressedFile.read(inner.bytes, settings.kind).bytes == input)
                if input.count == 600_000 {
                    #expect(inner.bytes.count < input.count + input.count / 50)
                } else {
                    #expect(inner.bytes.count < input.count / 100)
                }
            }
        }

        /// A small blocks-in-flight bound and one pool thread still keep order.
        @Test(arguments: [1, 2, 8])
        func orderHoldsForAnyBlocksInFlight(blocksInFlight: Int) throws {
            let input = SampleBytes.csv(count: 900_000, seed: 8)
            for settings in [
                CompressionSettings(kind: .gzip, level: 1), .init(kind: .gzip, level: 4), .init(kind: .zstd, level: 1),
            ] {
                let inner = try CompressedFile.compress(
                    input, settings, pool: CompressionPool(threadCount: 1), chunkSize: 3000, blockSize: 20_000,
                    blocksInFlight: blocksInFlight)
                #expect(try CompressedFile.read(inner.bytes, settings.kind).bytes == input)
            }
        }

        @Test func anInnerFailureDuringWriteSurfacesAndSticks() throws {
            let inner = RecordingUpload(failingWrite: 3)
            let upload = CompressingUpload(
                wrapping: inner, settings: .init(kind: .gzip, level: 1), pool: CompressionPool(), blockSize: 10_000)
            let input = SampleBytes.csv(count: 1_000_000)
            let error = try #require(throws: StorageError.self) {
                try input.withUnsafeBytes { all in
                    for start in stride(from: 0, to: all.count, by: 4096) {
                        try upload.write(UnsafeRawBufferPointer(rebasing: all[start..<min(start + 4096, all.count)]))
                    }
                }
            }
            #expect(error.message.contains("write 3"))
            #expect(throws: StorageError.self) { try [UInt8(1)].withUnsafeBytes { try upload.write($0) } }
            #expect(throws: StorageError.self) { try upload.complete() }
            upload.abort()
            upload.abort()
            #expect(inner.aborts == 1)
            #expect(!inner.completed)
            #expect(upload.blocksInPool == 0)
        }

        @Test(arguments: [CompressionSettings(kind: .gzip, level: 2), .init(kind: .gzip, level: 6), .init(kind: .zstd)])
        func anInnerFailureDuringCompleteSurfaces(settings: CompressionSettings) throws {
            // The first write that complete() makes fails, and in another run the inner complete itself. The input
            // ends in a partial block, so complete() always has a block to write: with whole blocks only, the pool
            // could finish them all during write() and leave complete() nothing to write.
            for failAtComplete in [false, true] {
                let input = SampleBytes.csv(count: 350_000)
                let inner = RecordingUpload(failsComplete: failAtComplete)
                let upload = CompressingUpload(
                    wrapping: inner, settings: settings, pool: CompressionPool(), blockSize: 100_000)
                try input.withUnsafeBytes { try upload.write($0) }
                if !failAtComplete { inner.failingWrite = inner.writes + 1 }
                #expect(throws: StorageError.self) { try upload.complete() }
                #expect(!inner.completed)
                upload.abort()
                #expect(inner.aborts == 1)
            }
        }

        @Test func abortWithBlocksInFlightWaitsForThemAndDropsTheQueued() throws {
            let pool = CompressionPool(threadCount: 1)
            let inner = RecordingUpload()
            // libdeflate level 9 takes tens of milliseconds a block: blocks are still queued and running at abort.
            let upload = CompressingUpload(
                wrapping: inner, settings: .init(kind: .gzip, level: 9), pool: pool, blockSize: 1 << 20,
                blocksInFlight: 6)
            let input = SampleBytes.csv(count: 6 << 20)
            try input.withUnsafeBytes { try upload.write($0) }
            #expect(upload.blocksInFlight >= 4)
            upload.abort()
            #expect(upload.blocksInPool == 0)
            #expect(inner.aborts == 1)
            #expect(!inner.completed)
            upload.abort()
            #expect(inner.aborts == 1)
            // The pool is free for the next file at once.
            let next = try CompressedFile.compress(
                SampleBytes.csv(count: 10_000), .init(kind: .zstd), pool: pool, chunkSize: 999)
            #expect(try CompressedFile.read(next.bytes, .zstd).bytes == SampleBytes.csv(count: 10_000))
        }

        @Test(arguments: [
            CompressionSettings(kind: .gzip, level: 0), .init(kind: .gzip, level: 10), .init(kind: .zstd, level: 0),
            .init(kind: .zstd, level: 20),
        ])
        func aLevelOutsideTheRangeIsAConfigurationError(settings: CompressionSettings) throws {
            let inner = RecordingUpload()
            let upload = CompressingUpload(
                wrapping: inner, settings: settings, pool: CompressionPool(), blockSize: 1000)
            for _ in 0..<2 {
                let error = try #require(throws: StorageError.self) {
                    try SampleBytes.csv(count: 1500).withUnsafeBytes { try upload.write($0) }
                }
                #expect(error.code == .configuration)
                #expect(error.message.contains("'\(settings.level)'") && error.message.contains("'compression_level'"))
            }
            #expect(throws: StorageError.self) { try upload.complete() }
            upload.abort()
            #expect(inner.writes == 0)
            #expect(inner.aborts == 1)
        }

        /// Output sizes (gzip members or zstd frames) a correct upload produces.
        static func expectedParts(_ settings: CompressionSettings, inputCount: Int, blockSize: Int) -> Int {
            if CompressionEngine(settings).usesDictionary { return 1 }
            return max(1, (inputCount + blockSize - 1) / blockSize)
        }
    }
}
