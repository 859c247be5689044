/// How CSV and JSONL objects are compressed: `{"compression_type": "GZIP" | "ZSTD", "compression_level": N}`.
///
/// "No Compression" is the absence of settings. ``CompressionEngine`` maps a level to a library.
package struct CompressionSettings: Sendable, Hashable {
    /// The codec, spelled as Airbyte's `compression_type` spells it.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        case gzip = "GZIP"
        case zstd = "ZSTD"
    }

    package var kind: Kind
    /// Within ``levels(_:)`` of `kind`.
    package var level: Int

    /// `kind` at `level`, or at the kind's default level when `level` is nil.
    package init(kind: Kind, level: Int? = nil) {
        self.kind = kind
        self.level = level ?? Self.defaultLevel(kind)
    }

    /// gzip levels 1–9, as `gzip -1` to `-9`; ``CompressionEngine`` says which library serves each.
    package static let gzipLevels: ClosedRange<Int> = 1...9
    /// zstd levels 1–19, as the `zstd` CLI accepts without `--ultra`. Level 19 runs at ~1 MB/s a core: a user's
    /// choice, never a default.
    package static let zstdLevels: ClosedRange<Int> = 1...19

    /// gzip level 1 (ISA-L): ~400–575 MB per CPU-second on CSV, ratio 4.5–4.7, one gzip member. The pipeline already
    /// uses ~1.7 of the 2 cores uncompressed, so the default must cost little per byte; level 6 (libdeflate 5,
    /// 70–126 MB per CPU-second, ratio 5.4–5.6) is for users who ask.
    package static let defaultGzipLevel = 1
    /// zstd level 1, not zstd's own default 3: on Stowage's CSV in 1 MiB frames level 1 is 1.7–2.9× cheaper
    /// (390–420 vs 145–230 MB per CPU-second) and its ratio is better (6.0 vs 5.7, IoT) or close (5.3 vs 5.5, users).
    package static let defaultZstdLevel = 1

    package static func levels(_ kind: Kind) -> ClosedRange<Int> {
        switch kind {
        case .gzip: gzipLevels
        case .zstd: zstdLevels
        }
    }

    package static func defaultLevel(_ kind: Kind) -> Int {
        switch kind {
        case .gzip: defaultGzipLevel
        case .zstd: defaultZstdLevel
        }
    }

    /// Whether ``level`` is in the kind's range; the config parser rejects settings for which this is false.
    package var isValid: Bool { Self.levels(kind).contains(level) }

    /// What to append to `.csv` or `.jsonl`.
    package var fileExtension: String {
        switch kind {
        case .gzip: ".gz"
        case .zstd: ".zst"
        }
    }
}
