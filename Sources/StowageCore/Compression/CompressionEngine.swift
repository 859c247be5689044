import Codecs

/// The library and its own level that compress blocks for a ``CompressionSettings``, and how blocks join.
enum CompressionEngine: Hashable, Sendable {
    /// ISA-L raw deflate at this ISA-L level, pigz style: blocks primed with the 32 KiB before them, joined into
    /// one gzip member.
    case isal(Int)
    /// libdeflate at this libdeflate level: each block its own gzip member.
    case libdeflate(Int)
    /// zstd at this level: each block its own frame.
    case zstd(Int)

    /// The engine for valid settings (levels outside the range are clamped into it).
    ///
    /// Measured on two CSVs Stowage wrote (IoT telemetry, 200 MB; user profiles, 109 MB), 1 MiB blocks, one core:
    /// each gzip level is the cheapest engine whose ratio is at least zlib's at that level (pigz -L) on the IoT CSV
    /// and within 3% of it on the other. ISA-L 3 is left out: libdeflate 1 is faster and smaller.
    ///
    /// | gzip | engine | MB per CPU-second | ratio | zlib's ratio (pigz -L) |
    /// |---|---|---|---|---|
    /// | 1 | ISA-L 1 | 400–575 | 4.73 / 4.55 | 4.37 / 4.49 |
    /// | 2 | ISA-L 2 | 420–545 | 4.77 / 4.69 | 4.52 / 4.69 |
    /// | 3 | libdeflate 1 | 185–195 | 4.86 / 4.86 | 4.76 / 4.84 |
    /// | 4 | libdeflate 3 | 100–142 | 5.04 / 5.03 | 4.92 / 5.05 |
    /// | 5 | libdeflate 4 | 90–143 | 5.26 / 5.20 | 5.25 / 5.34 |
    /// | 6 | libdeflate 5 | 70–126 | 5.62 / 5.38 | 5.32 / 5.42 |
    /// | 7 | libdeflate 6 | 64–87 | 5.80 / 5.50 | 5.41 / 5.50 |
    /// | 8 | libdeflate 7 | 46–60 | 5.88 / 5.56 | 5.53 / 5.64 |
    /// | 9 | libdeflate 9 | 12–24 | 6.03 / 5.68 | 5.55 / 5.65 |
    init(_ settings: CompressionSettings) {
        let range = CompressionSettings.levels(settings.kind)
        let level = min(max(settings.level, range.lowerBound), range.upperBound)
        switch settings.kind {
        case .gzip: self = Self.gzipEngines[level - 1]
        case .zstd: self = .zstd(level)
        }
    }

    private static let gzipEngines: [CompressionEngine] = [
        .isal(1), .isal(2), .libdeflate(1), .libdeflate(3), .libdeflate(4), .libdeflate(5), .libdeflate(6),
        .libdeflate(7), .libdeflate(9),
    ]

    /// Whether each block's compression needs the input just before it.
    var usesDictionary: Bool {
        if case .isal = self { return true }
        return false
    }

    /// Bytes a block of `inputCount` bytes can become.
    func maximumCompressedSize(inputCount: Int) -> Int {
        switch self {
        case .isal: IsalDeflater.maximumCompressedSize(inputCount: inputCount)
        case .libdeflate: GzipCompressor.maximumCompressedSize(inputCount: inputCount)
        case .zstd: ZstdCompressor.maximumCompressedSize(inputCount: inputCount)
        }
    }

    /// The codec as a message names it.
    var name: String {
        switch self {
        case .isal(let level): "gzip (ISA-L level \(level))"
        case .libdeflate(let level): "gzip (libdeflate level \(level))"
        case .zstd(let level): "zstd level \(level)"
        }
    }
}

/// One compression thread's codec contexts, made on first use and reused for every block after.
///
/// Memory: at most one of each kind used — ISA-L 420 KiB; zstd 0.6 MiB at level 1, 1.2 MiB at 3, up to 17 MiB at 19;
/// one libdeflate compressor per gzip level 3–9 seen, 198 KiB (gzip 3) or 652 KiB.
final class CompressionContexts {
    private var isal: IsalDeflater?
    private var zstd: ZstdCompressor?
    private var libdeflate: [GzipCompressor?] = Array(repeating: nil, count: GzipCompressor.levels.upperBound + 1)

    /// Appends `block` compressed by `engine` to `output`; `dictionary` is the input before it (ISA-L only).
    func compress(
        _ block: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer, engine: CompressionEngine,
        appendingTo output: CodecBuffer
    ) throws(CodecError) {
        switch engine {
        case .isal(let level):
            let deflater = isal ?? IsalDeflater()
            isal = deflater
            try deflater.compressSegment(block, dictionary: dictionary, level: level, appendingTo: output)
        case .libdeflate(let level):
            if GzipCompressor.levels.contains(level), let compressor = libdeflate[level] {
                try compressor.compressMember(block, appendingTo: output)
            } else {
                let compressor = try GzipCompressor(level: level)
                libdeflate[level] = compressor
                try compressor.compressMember(block, appendingTo: output)
            }
        case .zstd(let level):
            if let zstd {
                try zstd.compressFrame(block, level: level, appendingTo: output)
            } else {
                let compressor = try ZstdCompressor()
                zstd = compressor
                try compressor.compressFrame(block, level: level, appendingTo: output)
            }
        }
    }
}
