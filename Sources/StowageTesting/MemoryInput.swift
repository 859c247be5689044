import StowageCore

/// Messages held in memory, handed out in chunks of a chosen size: the fake for tests.
package struct MemoryInput: MessageInput {
    private let bytes: [UInt8]
    private var offset = 0
    private let chunkSize: Int

    package init(_ bytes: [UInt8], chunkSize: Int = 65536) {
        self.bytes = bytes
        self.chunkSize = chunkSize
    }

    package init(_ text: String, chunkSize: Int = 65536) {
        self.init(Array(text.utf8), chunkSize: chunkSize)
    }

    package mutating func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int) throws
        -> ReadResult
    {
        guard offset < bytes.count else { return .endOfInput }
        let n = min(chunkSize, buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return .bytes(n)
    }
}
