/// Parses JSON number text as a count of seconds, milliseconds, microseconds or nanoseconds since 1970-01-01T00:00:00Z.
///
/// Grammar: RFC 8259 §6, `number = [ minus ] int [ frac ] [ exp ]`, `int = zero / ( digit1-9 *DIGIT )`: no `+`,
/// no leading zeros, no bare `.`, digits on both sides of the point. The value is kept exactly as a decimal (its
/// first 19 significant digits, which are all that can reach a microsecond of an `Int64` result) and scaled to
/// microseconds; a part below the microsecond is dropped towards the earlier instant (−1.5 µs becomes −2 µs), as
/// dropping fraction digits from a date-time does, and reported as ``ParsedEpochNumber/truncated``. Allocates nothing.
package enum EpochNumberParser {
    /// Parses a whole JSON number, such as `1552575366`, `1552575366.25`, `-86400` or `1.552575366e9`, in `unit`.
    @inline(__always)
    package static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, unit: EpochUnit
    ) throws(CivilTimeError) -> ParsedEpochNumber {
        guard !bytes.isEmpty else { throw CivilTimeError(.empty, at: 0) }
        var reader = ByteReader(bytes)
        let negative = reader.skip(UInt8(ascii: "-"))
        var significand: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var droppedNonZero = false

        @inline(__always)
        func append(_ digit: UInt8, fraction: Bool) {
            if significantDigits < 19 {
                significand = significand &* 10 &+ UInt64(digit)
                if significand != 0 { significantDigits += 1 }
                if fraction { exponent -= 1 }
            } else {
                if !fraction { exponent += 1 }
                if digit != 0 { droppedNonZero = true }
            }
        }

        if reader.current == UInt8(ascii: "0") {
            reader.index += 1
        } else {
            guard reader.current &- UInt8(ascii: "1") < 9 else { throw reader.failure(.expectedDigit) }
            while reader.currentDigit < 10 {
                append(reader.currentDigit, fraction: false)
                reader.index += 1
            }
        }
        if reader.skip(UInt8(ascii: ".")) {
            guard reader.currentDigit < 10 else { throw reader.failure(.expectedDigit) }
            while reader.currentDigit < 10 {
                append(reader.currentDigit, fraction: true)
                reader.index += 1
            }
        }
        if reader.current == UInt8(ascii: "e") || reader.current == UInt8(ascii: "E") {
            reader.index += 1
            let exponentNegative = reader.skip(UInt8(ascii: "-"))
            if !exponentNegative { _ = reader.skip(UInt8(ascii: "+")) }
            guard reader.currentDigit < 10 else { throw reader.failure(.expectedDigit) }
            var written = 0
            while reader.currentDigit < 10 {
                if written < 100_000 { written = written * 10 + Int(reader.currentDigit) }
                reader.index += 1
            }
            exponent += exponentNegative ? -written : written
        }
        guard reader.isAtEnd else { throw CivilTimeError(.trailingBytes, at: reader.index) }

        let resolved = unit == .auto ? EpochUnit.byMagnitude(significand: significand, exponent: exponent) : unit
        return try scale(
            significand: significand, exponent: exponent + resolved.microsecondExponent, negative: negative,
            droppedNonZero: droppedNonZero, unit: resolved)
    }

    /// Parses `count` bytes at `start` as ``parse(_:unit:)`` does.
    @inline(__always)
    package static func parse(
        _ start: UnsafePointer<UInt8>, count: Int, unit: EpochUnit
    ) throws(CivilTimeError) -> ParsedEpochNumber {
        try parse(UnsafeBufferPointer(start: start, count: count), unit: unit)
    }

    /// Returns ±`significand` × 10^`exponent` microseconds rounded towards negative infinity.
    @inline(__always)
    static func scale(
        significand: UInt64, exponent: Int, negative: Bool, droppedNonZero: Bool, unit: EpochUnit
    ) throws(CivilTimeError) -> ParsedEpochNumber {
        guard significand != 0 else { return ParsedEpochNumber(microseconds: 0, unit: unit) }
        var magnitude: UInt64
        var truncated = droppedNonZero
        if exponent >= 0 {
            guard exponent <= 19 else { throw CivilTimeError(.valueOutOfRange, at: 0) }
            let (product, overflow) = significand.multipliedReportingOverflow(by: DecimalMagnitude.powerOfTen(exponent))
            guard !overflow else { throw CivilTimeError(.valueOutOfRange, at: 0) }
            magnitude = product
        } else if exponent >= -19 {
            let divisor = DecimalMagnitude.powerOfTen(-exponent)
            magnitude = significand / divisor
            truncated = truncated || significand % divisor != 0
        } else {
            magnitude = 0
            truncated = true
        }
        if negative && truncated {
            magnitude &+= 1
        }
        let limit = negative ? Int64.min.magnitude : UInt64(Int64.max)
        guard magnitude <= limit else { throw CivilTimeError(.valueOutOfRange, at: 0) }
        let microseconds = negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
        return ParsedEpochNumber(microseconds: microseconds, truncated: truncated, unit: unit)
    }
}
