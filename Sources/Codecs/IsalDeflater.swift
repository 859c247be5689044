import CIsal

/// An ISA-L deflate stream that turns blocks of one file into raw deflate segments, pigz style, reused for every
/// block: one per thread.
///
/// Each segment may refer back into a dictionary (the 32 KiB of input before the block) and ends with a sync
/// flush (an empty stored block: byte aligned, not final), so segments compressed in parallel concatenate into
/// one deflate stream (RFC 1951 §3.2.3, §3.2.4) that an empty final block (`0x03 0x00`) closes. madler/pigz does the
/// same with zlib's `deflateSetDictionary` and `Z_SYNC_FLUSH`.
/// Memory: the `isal_zstream` (80 KiB, mostly its history) plus one level buffer big enough for any level
/// (`ISAL_DEF_LVL3_DEFAULT`, 340 KiB), allocated once.
package final class IsalDeflater {
    /// ISA-L's levels 1 to 3. Level 0 is left out: its fixed Huffman tables grow incompressible input by a quarter
    /// and more, past ``maximumCompressedSize(inputCount:)``, and on CSV it is barely faster than 1 (ratio 3.5 vs 4.7).
    package static let levels: ClosedRange<Int> = 1...Int(ISAL_DEF_MAX_LEVEL)
    /// The longest back-reference deflate allows: dictionary bytes before this many are unused.
    package static let windowSize = Int(ISAL_DEF_HIST_SIZE)

    private let stream: UnsafeMutablePointer<isal_zstream>
    private let levelBuffer: UnsafeMutablePointer<UInt8>

    package init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: isal_zstream())
        levelBuffer = .allocate(capacity: Int(stowage_isal_largest_level_buffer_size()))
    }

    deinit {
        stream.deallocate()
        levelBuffer.deallocate()
    }

    /// A size that holds one segment of `inputCount` bytes: at levels 1–3 ISA-L falls back to stored blocks for input
    /// it cannot shrink (measured on random input: under 1/64 growth), so the input, 1/64 of it and 1 KiB.
    package static func maximumCompressedSize(inputCount: Int) -> Int {
        inputCount + (inputCount >> 6) + 1024
    }

    /// Appends `input` as a raw deflate segment ended by a sync flush to `output`; back-references may reach into
    /// the last 32 KiB of `dictionary`, which must be the input just before `input` in the same stream (or empty).
    ///
    /// `output` grows to `count` + ``maximumCompressedSize(inputCount:)`` first, and further only in the unexpected
    /// case that ISA-L needs more.
    package func compressSegment(
        _ input: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer, level: Int,
        appendingTo output: CodecBuffer
    ) throws(CodecError) {
        guard Self.levels.contains(level) else {
            throw CodecError(.invalidLevel, codec: "ISA-L deflate", detail: "level \(level) is outside \(Self.levels)")
        }
        precondition(input.count <= Int(UInt32.max), "ISA-L takes at most 4 GiB a call")
        isal_deflate_init(stream)
        stream.pointee.level = UInt32(level)
        stream.pointee.level_buf = levelBuffer
        stream.pointee.level_buf_size = stowage_isal_level_buffer_size(Int32(level))
        stream.pointee.flush = UInt16(SYNC_FLUSH)
        stream.pointee.end_of_stream = 0
        stream.pointee.gzip_flag = UInt16(IGZIP_DEFLATE)
        if let start = dictionary.baseAddress, !dictionary.isEmpty {
            let used = min(dictionary.count, Self.windowSize)
            let from =
                UnsafeMutablePointer(mutating: start.assumingMemoryBound(to: UInt8.self)) + dictionary.count - used
            let status = isal_deflate_set_dict(stream, from, UInt32(used))
            if status != COMP_OK { throw Self.error(status, level: level, "isal_deflate_set_dict") }
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        var extra = Self.maximumCompressedSize(inputCount: input.count)
        while true {
            let space = output.spareSpace(atLeast: extra)
            let available = min(space.count, Int(UInt32.max))
            stream.pointee.next_out = space.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(available)
            let status = isal_deflate(stream)
            output.count += available - Int(stream.pointee.avail_out)
            if status != COMP_OK { throw Self.error(status, level: level, "isal_deflate") }
            if stowage_isal_flush_done(stream) != 0 { return }
            extra = max(extra, 1 << 16)
        }
    }

    private static func error(_ status: Int32, level: Int, _ function: String) -> CodecError {
        CodecError(.compressionFailed, codec: "ISA-L deflate level \(level)", detail: "\(function) returned \(status)")
    }
}
