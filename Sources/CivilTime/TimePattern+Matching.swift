extension TimePattern {
    /// Matches the whole of `bytes` against the pattern and returns the instant it names. Allocates nothing.
    package func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(CivilTimeError) -> ParsedTimestamp {
        guard !bytes.isEmpty else { throw CivilTimeError(.empty, at: 0) }
        var reader = ByteReader(bytes)
        var values = MatchedFields()
        for step in steps {
            try values.read(step, from: &reader)
        }
        guard reader.isAtEnd else { throw CivilTimeError(.trailingBytes, at: reader.index) }
        var result = try values.resolve()
        result.hasTime = hasTime
        return result
    }

    /// Matches `count` bytes at `start` as ``parse(_:)`` does.
    package func parse(_ start: UnsafePointer<UInt8>, count: Int) throws(CivilTimeError) -> ParsedTimestamp {
        try parse(UnsafeBufferPointer(start: start, count: count))
    }

    /// The values a match has read so far, starting from the defaults 1970-01-01T00:00:00 with no offset.
    struct MatchedFields {
        var year = 1970
        var month = 1
        var day = 1
        /// The `%j` day, or 0 when the pattern has none.
        var dayOfYear = 0
        var hour = 0
        /// Whether `hour` came from `%I` and so is 1 to 12.
        var twelveHour = false
        /// Whether `%p` read `PM`.
        var afterNoon = false
        var minute = 0
        var second = 0
        var microsecond = 0
        var truncated = false
        var offsetMinutes: Int? = nil
        var epochSeconds: UInt64? = nil
        var epochNegative = false
        /// Where the day (or day of the year) was read, for an error found once the month and year are known.
        var dayStart = 0
        /// Where the second was read, for a leap second found not to fall at 23:59 UTC.
        var secondStart = 0

        /// Reads what `step` matches at the cursor into the fields, checking each number's range.
        @inline(__always)
        mutating func read(_ step: Step, from reader: inout ByteReader) throws(CivilTimeError) {
            switch step {
            case .literal(let byte):
                try reader.expect(byte)
            case .optionalSpace:
                _ = reader.skip(UInt8(ascii: " "))
            case .number(let field, let minimum, let maximum):
                let start = reader.index
                let value = try reader.readDigits(minimum: Int(minimum), maximum: Int(maximum))
                try store(value, as: field, at: start)
            case .fraction:
                (microsecond, truncated) = try reader.readFraction()
            case .offset:
                guard let minutes = try UTCOffset.read(&reader) else { throw reader.failure(.unexpectedByte) }
                offsetMinutes = minutes
            case .monthName:
                month = try MonthName.read(&reader)
            case .meridiem:
                afterNoon = try Self.readMeridiem(&reader)
            case .epochSeconds:
                epochNegative = reader.skip(UInt8(ascii: "-"))
                let start = reader.index
                guard reader.currentDigit < 10 else { throw reader.failure(.expectedDigit) }
                var seconds: UInt64 = 0
                while reader.currentDigit < 10 {
                    seconds = seconds * 10 + UInt64(reader.currentDigit)
                    guard seconds <= UInt64(Int64.max) / 1_000_000 - 1 else {
                        throw CivilTimeError(.valueOutOfRange, at: start)
                    }
                    reader.index += 1
                }
                epochSeconds = seconds
            }
        }

        /// Stores `value`, read at `start`, as `field` after checking its range.
        @inline(__always)
        mutating func store(_ value: Int, as field: Field, at start: Int) throws(CivilTimeError) {
            switch field {
            case .year:
                year = value
            case .twoDigitYear:
                year = value < 69 ? 2000 + value : 1900 + value
            case .month:
                guard value >= 1 && value <= 12 else { throw CivilTimeError(.monthOutOfRange, at: start) }
                month = value
            case .day:
                guard value >= 1 && value <= 31 else { throw CivilTimeError(.dayOutOfRange, at: start) }
                day = value
                dayStart = start
            case .dayOfYear:
                guard value >= 1 && value <= 366 else { throw CivilTimeError(.dayOutOfRange, at: start) }
                dayOfYear = value
                dayStart = start
            case .hour:
                guard value <= 23 else { throw CivilTimeError(.hourOutOfRange, at: start) }
                hour = value
            case .hour12:
                guard value >= 1 && value <= 12 else { throw CivilTimeError(.hourOutOfRange, at: start) }
                hour = value
                twelveHour = true
            case .minute:
                guard value <= 59 else { throw CivilTimeError(.minuteOutOfRange, at: start) }
                minute = value
            case .second:
                guard value <= 60 else { throw CivilTimeError(.secondOutOfRange, at: start) }
                second = value
                secondStart = start
            }
        }

        /// Reads `AM` or `PM` in any case and returns whether it was `PM`.
        @inline(__always)
        static func readMeridiem(_ reader: inout ByteReader) throws(CivilTimeError) -> Bool {
            let first = reader.current | 0x20
            guard first == UInt8(ascii: "a") || first == UInt8(ascii: "p") else {
                throw reader.failure(.unexpectedByte)
            }
            reader.index += 1
            guard reader.current | 0x20 == UInt8(ascii: "m") else { throw reader.failure(.unexpectedByte) }
            reader.index += 1
            return first == UInt8(ascii: "p")
        }

        /// Returns the instant the fields name, checking the day against its month or year and a leap second's time.
        @inline(__always)
        func resolve() throws(CivilTimeError) -> ParsedTimestamp {
            if let epochSeconds {
                var magnitude = epochSeconds * 1_000_000 + UInt64(microsecond)
                if epochNegative && truncated {
                    magnitude += 1
                }
                let microseconds = epochNegative ? -Int64(magnitude) : Int64(magnitude)
                return ParsedTimestamp(microseconds: microseconds, hasOffset: true, truncated: truncated)
            }
            var days: Int64
            if dayOfYear != 0 {
                guard dayOfYear <= 365 || CivilDate.isLeapYear(year) else {
                    throw CivilTimeError(.dayOutOfRange, at: dayStart)
                }
                days = CivilDate.daysSinceEpoch(year: year, month: 1, day: 1) + Int64(dayOfYear - 1)
            } else {
                guard day <= 28 || day <= CivilDate.daysInMonth(year: year, month: month) else {
                    throw CivilTimeError(.dayOutOfRange, at: dayStart)
                }
                days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
            }
            let hourOfDay = twelveHour ? hour % 12 + (afterNoon ? 12 : 0) : hour
            let time = TimeFields(
                hour: hourOfDay, minute: minute, second: second, microsecond: microsecond, truncated: truncated,
                secondStart: secondStart)
            var microseconds = days * UTCTime.microsecondsPerDay + time.microsecondsOfDay
            if let offsetMinutes {
                microseconds -= Int64(offsetMinutes) * 60_000_000
            }
            if time.isLeapSecond {
                days = UTCTime.floorDivide(microseconds, UTCTime.microsecondsPerDay)
                try time.checkLeapSecond(utcMicrosecondsOfDay: microseconds - days * UTCTime.microsecondsPerDay)
            }
            return ParsedTimestamp(microseconds: microseconds, hasOffset: offsetMinutes != nil, truncated: truncated)
        }
    }
}
