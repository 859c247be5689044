/// Turns one stream's records into the bytes of one file, in one format.
///
/// A sink makes a new encoder for every file it opens (``EncoderFactory``), calls ``begin(into:)`` once,
/// ``encode(_:uuid:into:)`` per record and ``end(into:)`` once, always into the file's current buffer.
/// Streaming formats (CSV, JSONL) write each record at once and hold nothing; a columnar format may hold a row
/// group back (``heldBytes``) until it is full, ``flush(into:)`` is called, or the file ends.
package protocol RecordEncoder {
    /// Writes what starts every file, such as a CSV header.
    mutating func begin(into out: OutputBuffer)
    /// Encodes one record, drawing its `_airbyte_ab_id` / `_airbyte_raw_id` from `uuid`.
    mutating func encode(_ record: RecordView, uuid: inout UUIDGenerator, into out: OutputBuffer)
    /// Writes out anything held back; the file may continue afterwards.
    mutating func flush(into out: OutputBuffer)
    /// Writes everything held back and what ends the file, such as a Parquet footer.
    mutating func end(into out: OutputBuffer)
    /// Bytes encoded but not yet written to any buffer.
    var heldBytes: Int { get }
}

extension RecordEncoder {
    package mutating func flush(into out: OutputBuffer) {}
    package mutating func end(into out: OutputBuffer) {}
    package var heldBytes: Int { 0 }
}

/// Makes the encoder of each new file of one stream.
package struct EncoderFactory {
    private let make: () -> any RecordEncoder

    package init(_ make: @escaping () -> any RecordEncoder) {
        self.make = make
    }

    package func makeEncoder() -> any RecordEncoder { make() }
}
