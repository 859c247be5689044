/// A column chunk's closed data pages, each kept compressed until its row group is flushed.
///
/// Each body is its own buffer, compressed into directly, so closing a page never copies or regrows the pages
/// before it; after a flush the buffers are kept as spares for the next group's pages, so a long-lived writer
/// stops allocating (and page-faulting) after its first row group. Memory: the compressed bodies and headers of
/// the open group, plus the spare buffers (up to the previous group's page count) until
/// ``releaseSpareBuffers()``.
struct ClosedPages {
    private var headers: [UInt8] = []
    private var headerEnds: [Int] = []
    private var bodies: [[UInt8]] = []
    private var spares: [[UInt8]] = []
    /// Header and body bytes held.
    private(set) var byteCount = 0

    var isEmpty: Bool { bodies.isEmpty }

    /// Bytes held, counting capacity and the spare buffers.
    var memoryFootprint: Int {
        headers.capacity + headerEnds.capacity * 8 + bodies.reduce(0) { $0 + $1.capacity }
            + spares.reduce(0) { $0 + $1.capacity }
    }

    /// An empty buffer to compress a page into: a spare one when there is one.
    mutating func takeBuffer() -> [UInt8] {
        spares.popLast() ?? []
    }

    /// Returns a buffer taken with ``takeBuffer()`` but not kept as a page.
    mutating func recycle(_ buffer: consuming [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        spares.append(buffer)
    }

    mutating func append(header: [UInt8], body: consuming [UInt8]) {
        headers.append(contentsOf: header)
        headerEnds.append(headers.count)
        byteCount += header.count + body.count
        bodies.append(body)
    }

    /// Writes every page, header then body, in order; the buffers become spares.
    mutating func write(to output: inout OffsetCountingOutput) throws {
        var start = 0
        for i in bodies.indices {
            try headers.withUnsafeBytes {
                try output.write(UnsafeRawBufferPointer(rebasing: $0[start..<headerEnds[i]]))
            }
            try output.write(bodies[i])
            start = headerEnds[i]
        }
        headers.removeAll(keepingCapacity: true)
        headerEnds.removeAll(keepingCapacity: true)
        while var body = bodies.popLast() {
            body.removeAll(keepingCapacity: true)
            spares.append(body)
        }
        byteCount = 0
    }

    /// Frees the spare buffers.
    mutating func releaseSpareBuffers() {
        precondition(bodies.isEmpty, "releaseSpareBuffers() with pages buffered")
        spares = []
        headers = []
        headerEnds = []
        bodies = []
    }
}
