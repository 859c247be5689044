import Testing

@testable import StowageCore

extension CompressionStage {
    @Suite struct CompressionSettingsTests {
        @Test func kindsAreSpelledAsAirbytesCompressionType() {
            #expect(CompressionSettings.Kind(rawValue: "GZIP") == .gzip)
            #expect(CompressionSettings.Kind(rawValue: "ZSTD") == .zstd)
            #expect(CompressionSettings.Kind(rawValue: "No Compression") == nil)
        }

        @Test func defaultsRangesAndExtensions() {
            let gzip = CompressionSettings(kind: .gzip)
            #expect(gzip.level == CompressionSettings.defaultGzipLevel)
            #expect(gzip.fileExtension == ".gz")
            #expect(CompressionSettings.levels(.gzip) == 1...9)
            let zstd = CompressionSettings(kind: .zstd)
            #expect(zstd.level == 1)
            #expect(zstd.fileExtension == ".zst")
            #expect(CompressionSettings.levels(.zstd) == 1...19)
            #expect(CompressionSettings(kind: .zstd, level: 19).isValid)
            #expect(!CompressionSettings(kind: .gzip, level: 0).isValid)
            #expect(!CompressionSettings(kind: .gzip, level: 10).isValid)
            #expect(!CompressionSettings(kind: .zstd, level: 20).isValid)
        }

        /// The mapping CompressionEngine documents, from measurements: ISA-L for 1–2, libdeflate for 3–9.
        @Test func gzipLevelsMapToTheMeasuredEngines() {
            let engines = CompressionSettings.gzipLevels.map {
                CompressionEngine(CompressionSettings(kind: .gzip, level: $0))
            }
            #expect(
                engines == [
                    .isal(1), .isal(2), .libdeflate(1), .libdeflate(3), .libdeflate(4), .libdeflate(5), .libdeflate(6),
                    .libdeflate(7), .libdeflate(9),
                ])
            for level in CompressionSettings.zstdLevels {
                #expect(CompressionEngine(CompressionSettings(kind: .zstd, level: level)) == .zstd(level))
            }
        }
    }
}
