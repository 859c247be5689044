/// A cursor over UTF-8 bytes that reads the fixed-width decimal fields of date and time text.
///
/// It never reads past the buffer's end: a missing byte is reported as ``CivilTimeError/Code/unexpectedEnd`` at
/// the input's length.
struct ByteReader {
    /// The whole input.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    var index = 0

    /// Creates a cursor at the first of `bytes`.
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

    /// Reads three fixed-width digit groups and the two separator bytes between them, such as `YYYY-MM-DD`, if all
    /// of it is next; otherwise returns nil and leaves the cursor for the byte-by-byte reading that names the problem.
    ///
    /// The fast path of well-formed input: one length check, then no branch per byte.
    @inline(__always)
    mutating func readFixedFields(
        _ firstWidth: Int, _ firstSeparator: UInt8, _ secondWidth: Int, _ secondSeparator: UInt8, _ thirdWidth: Int
    ) -> (Int, Int, Int)? {
        let length = firstWidth + secondWidth + thirdWidth + 2
        guard bytes.count - index >= length, let base = bytes.baseAddress else { return nil }
        let start = base + index
        var invalid: UInt8 = 0

        @inline(__always)
        func number(at offset: Int, width: Int) -> Int {
            var value = 0
            for position in offset..<offset + width {
                let digit = start[position] &- UInt8(ascii: "0")
                // Bit 7 is set for a byte above '9' (digit + 0x76 > 0x7F) or below '0' (digit wraps past 0x7F).
                invalid |= (digit &+ 0x76) | digit
                value = value &* 10 &+ Int(digit)
            }
            return value
        }

        let first = number(at: 0, width: firstWidth)
        let second = number(at: firstWidth + 1, width: secondWidth)
        let third = number(at: firstWidth + secondWidth + 2, width: thirdWidth)
        let separators =
            (start[firstWidth] ^ firstSeparator) | (start[firstWidth + secondWidth + 1] ^ secondSeparator)
        guard invalid & 0x80 == 0 && separators == 0 else { return nil }
        index += length
        return (first, second, third)
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
        guard let base = bytes.baseAddress else { throw failure(.expectedDigit) }
        let start = index
        let end = bytes.count
        var position = start
        var microseconds = 0
        let sixth = min(start + 6, end)
        while position < sixth {
            let digit = base[position] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            microseconds = microseconds &* 10 &+ Int(digit)
            position += 1
        }
        guard position > start else { throw failure(.expectedDigit) }
        for _ in position - start..<6 {
            microseconds &*= 10
        }
        var dropped: UInt8 = 0
        while position < end {
            let digit = base[position] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            dropped |= digit
            position += 1
        }
        index = position
        return (microseconds, dropped != 0)
    }
}
