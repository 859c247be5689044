/// Reads English month names, full (`March`) or three-letter (`Mar`), in any case, for `%b` and `%B`.
enum MonthName {
    /// Reads a month name at the cursor and returns its month number, 1 to 12.
    ///
    /// Three letters pick the month; the rest of its full name is then read if it follows.
    @inline(__always)
    static func read(_ reader: inout ByteReader) throws(CivilTimeError) -> Int {
        let start = reader.index
        guard reader.bytes.count - start >= 3 else { throw CivilTimeError(.unexpectedEnd, at: reader.bytes.count) }
        let letters =
            UInt32(reader.current | 0x20) << 16 | UInt32(reader.peek(1) | 0x20) << 8 | UInt32(reader.peek(2) | 0x20)
        let month: Int
        let rest: StaticString
        switch letters {
        case 0x6A_616E: (month, rest) = (1, "uary")  // jan
        case 0x66_6562: (month, rest) = (2, "ruary")  // feb
        case 0x6D_6172: (month, rest) = (3, "ch")  // mar
        case 0x61_7072: (month, rest) = (4, "il")  // apr
        case 0x6D_6179: (month, rest) = (5, "")  // may
        case 0x6A_756E: (month, rest) = (6, "e")  // jun
        case 0x6A_756C: (month, rest) = (7, "y")  // jul
        case 0x61_7567: (month, rest) = (8, "ust")  // aug
        case 0x73_6570: (month, rest) = (9, "tember")  // sep
        case 0x6F_6374: (month, rest) = (10, "ober")  // oct
        case 0x6E_6F76: (month, rest) = (11, "ember")  // nov
        case 0x64_6563: (month, rest) = (12, "ember")  // dec
        default: throw CivilTimeError(.monthOutOfRange, at: start)
        }
        reader.index += 3
        let restCount = rest.utf8CodeUnitCount
        if restCount > 0 && reader.bytes.count - reader.index >= restCount {
            var matches = true
            for offset in 0..<restCount where reader.peek(offset) | 0x20 != rest.utf8Start[offset] {
                matches = false
            }
            if matches {
                reader.index += restCount
            }
        }
        return month
    }
}
