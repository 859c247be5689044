@testable import Parquet

/// A test-only SNAPPY encoder that emits literals only: valid raw Snappy (the uncompressed length as a varint,
/// then literal elements of at most 65,536 bytes) that every reader accepts, a few bytes longer than its input.
/// https://github.com/google/snappy/blob/main/format_description.txt, "Literals (00)".
struct LiteralSnappyCompressor: PageCompressor {
    var codec: CompressionCodec { .snappy }

    func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        var length = UInt64(input.count)
        while length >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: length) | 0x80)
            length >>= 7
        }
        output.append(UInt8(length))
        var start = 0
        while start < input.count {
            let count = min(65_536, input.count - start)
            let n = count - 1
            if n < 60 {
                output.append(UInt8(n) << 2)
            } else if n < 256 {
                output += [60 << 2, UInt8(n)]
            } else {
                output += [61 << 2, UInt8(n & 0xFF), UInt8(n >> 8)]
            }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[start..<start + count]))
            start += count
        }
    }
}
