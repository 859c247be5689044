extension [UInt8] {
    /// Appends raw bytes with one `memcpy`: `append(contentsOf:)` on an `UnsafeRawBufferPointer` copies byte by byte.
    @inline(__always)
    mutating func append(raw bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        append(contentsOf: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count))
    }

    /// Appends `value` as 4 little-endian bytes (a PLAIN BYTE_ARRAY length, a v1 level length).
    @inline(__always)
    mutating func append(littleEndian value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(raw: $0) }
    }
}
