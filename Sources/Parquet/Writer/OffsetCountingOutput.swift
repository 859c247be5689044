/// Passes bytes to the caller's output and counts them, so absolute file offsets are known without seeking.
struct OffsetCountingOutput {
    var output: any ParquetOutput
    /// Bytes written so far: the offset of the next byte.
    private(set) var offset: Int64 = 0

    init(_ output: any ParquetOutput) {
        self.output = output
    }

    mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        try output.write(bytes)
        offset += Int64(bytes.count)
    }
}
