/// A failure of a compression library, with the codec, the level and the library's own words.
package struct CodecError: Error, CustomStringConvertible, Sendable {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String
        package var description: String { name }

        /// The library could not allocate its context or state.
        package static let outOfMemory = Code(name: "out of memory")
        /// A level outside the codec's range.
        package static let invalidLevel = Code(name: "invalid level")
        /// The output did not fit in the space the caller gave.
        package static let outputTooSmall = Code(name: "output too small")
        /// Compression failed for another reason the library reported.
        package static let compressionFailed = Code(name: "compression failed")
        /// The input is not valid compressed data, is truncated, or fails its checksum.
        package static let corruptInput = Code(name: "corrupt input")
    }

    package var code: Code
    /// The codec, e.g. "zstd level 3" or "libdeflate gzip level 6".
    package var codec: String
    /// What the library said, e.g. zstd's error name.
    package var detail: String

    package init(_ code: Code, codec: String, detail: String) {
        self.code = code
        self.codec = codec
        self.detail = detail
    }

    package var description: String { "\(codec): \(code): \(detail)" }
}
