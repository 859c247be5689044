/// A cursor over UTF-8 bytes that reads the fixed-width decimal fields of date and time text.
///
/// It never reads past the buffer's end: a missing byte is reported as ``CivilTimeError/Code/unexpectedEnd`` at
/// the input's length.
struct ByteReader {
    /// The whole input.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    var index = 0

    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Whether every byte has been read.
    @inline(__always)
    var isAtEnd: Bool { index >= bytes.count }

    /// The next byte, or 0 when every byte has been read.
    @inline(__always)
    var current: UInt8 { index < bytes.count ? bytes[index] : 0 }

    /// The next byte's decimal value: 10 or more when it is not a digit or every byte has been read.
    @inline(__always)
    var currentDigit: UInt8 { current &- UInt8(ascii: "0") }

    /// Returns the byte `distance` bytes after the next one, or 0 past the end.
    @inline(__always)
    func peek(_ distance: Int) -> UInt8 {
        index + distance < bytes.count ? bytes[index + distance] : 0
    }

    /// Returns the error for a required byte that is missing or wrong at the cursor: ``CivilTimeError/Code/unexpectedEnd``
    /// past the end, otherwise `code`.
    @inline(__always)
    func failure(_ code: CivilTimeError.Code) -> CivilTimeError {
        isAtEnd ? CivilTimeError(.unexpectedEnd, at: bytes.count) : CivilTimeError(code, at: index)
    }

    /// Reads exactly `width` decimal digits as a number.
    @inline(__always)
    mutating func readDigits(_ width: Int) throws(CivilTimeError) -> Int {
        var value = 0
        var position = index
        let end = index + width
        while position < end {
            guard position < bytes.count else { throw CivilTimeError(.unexpectedEnd, at: bytes.count) }
            let digit = bytes[position] &- UInt8(ascii: "0")
            guard digit < 10 else { throw CivilTimeError(.expectedDigit, at: position) }
            value = value &* 10 &+ Int(digit)
            position += 1
        }
        index = end
        return value
    }

    /// Reads `minimum` to `maximum` decimal digits, as many as there are, as a number.
    @inline(__always)
    mutating func readDigits(minimum: Int, maximum: Int) throws(CivilTimeError) -> Int {
        var value = 0
        let start = index
        while index - start < maximum, index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ Int(digit)
            index += 1
        }
        guard index - start >= minimum else { throw failure(.expectedDigit) }
        return value
    }

    /// Reads the byte `expected` (never 0), or throws.
    @inline(__always)
    mutating func expect(_ expected: UInt8) throws(CivilTimeError) {
        guard current == expected else { throw failure(.unexpectedByte) }
        index += 1
    }

    /// Reads the byte `expected` (never 0) if it is next, and returns whether it was.
    @inline(__always)
    mutating func skip(_ expected: UInt8) -> Bool {
        guard current == expected else { return false }
        index += 1
        return true
    }

    /// Reads one or more digits as a decimal fraction, returning its first six digits as microseconds and whether
    /// a later digit was not zero (the value was truncated).
    @inline(__always)
    mutating func readFraction() throws(CivilTimeError) -> (microseconds: Int, truncated: Bool) {
        var microseconds = 0
        var truncated = false
        let start = index
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            if index - start < 6 {
                microseconds = microseconds &* 10 &+ Int(digit)
            } else if digit != 0 {
                truncated = true
            }
            index += 1
        }
        let count = index - start
        guard count > 0 else { throw failure(.expectedDigit) }
        for _ in count..<max(count, 6) {
            microseconds &*= 10
        }
        return (microseconds, truncated)
    }
}
