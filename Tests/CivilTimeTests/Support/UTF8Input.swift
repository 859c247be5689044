import CivilTime
import Testing

/// Runs `parse` on exactly the UTF-8 bytes of `text`, in a buffer that ends where the text does, and returns its
/// value or error.
func parsing<Value>(
    _ text: String, _ parse: (UnsafeBufferPointer<UInt8>) throws(CivilTimeError) -> Value
) -> Result<Value, CivilTimeError> {
    Array(text.utf8).withUnsafeBufferPointer { buffer in
        Result { () throws(CivilTimeError) -> Value in try parse(buffer) }
    }
}

/// An input that must fail to parse, with the error expected.
struct Rejected: Sendable, CustomTestStringConvertible {
    var text: String
    var code: CivilTimeError.Code
    var offset: Int
    var testDescription: String { "'\(text)' → \(code) at \(offset)" }

    init(_ text: String, _ code: CivilTimeError.Code, at offset: Int) {
        self.text = text
        self.code = code
        self.offset = offset
    }

    var error: CivilTimeError { CivilTimeError(code, at: offset) }
}
