/// Receives a Parquet file's bytes, in order, as the writer produces them; the writer never seeks.
///
/// Implementations: an S3 multipart part buffer or a local file elsewhere; ``InMemoryParquetOutput`` here.
package protocol ParquetOutput {
    /// Takes the next bytes of the file; `bytes` is valid only during the call.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Keeps the whole file in memory: for tests and small files.
package struct InMemoryParquetOutput: ParquetOutput, Sendable {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package mutating func write(_ bytes: UnsafeRawBufferPointer) {
        self.bytes.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
    }
}
