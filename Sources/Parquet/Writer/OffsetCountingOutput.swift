/// Passes bytes to the caller's output and counts them, so absolute file offsets are known without seeking.
struct OffsetCountingOutput<Output: ParquetOutput> {
    var output: Output
    /// Bytes written so far: the offset of the next byte.
    private(set) var offset: Int64 = 0

    init(_ output: Output) {
        self.output = output
    }

    mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try output.write($0) }
        offset += Int64(bytes.count)
    }
}
