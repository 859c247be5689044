extension SigV4 {
    /// Returns the ISO 8601 basic UTC time SigV4 signs and sends as `x-amz-date`, such as `20150830T123600Z`.
    ///
    /// `timestamp` is in seconds since 1970-01-01T00:00:00Z and must fall in the years 0000 to 9999.
    /// Spec: Step 3, "RequestDateTime", of "Create a signed AWS API request",
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    public static func amzDate(_ timestamp: Int) -> String {
        let time = UTCTime(timestamp)
        return String(unsafeUninitializedCapacity: 16) { out in
            write(time.year, digits: 4, into: out, at: 0)
            write(time.month, digits: 2, into: out, at: 4)
            write(time.day, digits: 2, into: out, at: 6)
            out[8] = UInt8(ascii: "T")
            write(time.hour, digits: 2, into: out, at: 9)
            write(time.minute, digits: 2, into: out, at: 11)
            write(time.second, digits: 2, into: out, at: 13)
            out[15] = UInt8(ascii: "Z")
            return 16
        }
    }

    /// Returns the `YYYYMMDD` UTC date that opens the credential scope, such as `20150830`.
    public static func dateStamp(_ timestamp: Int) -> String {
        let time = UTCTime(timestamp)
        return String(unsafeUninitializedCapacity: 8) { out in
            write(time.year, digits: 4, into: out, at: 0)
            write(time.month, digits: 2, into: out, at: 4)
            write(time.day, digits: 2, into: out, at: 6)
            return 8
        }
    }

    /// Writes `value` as `digits` decimal digits, zero-padded, at `start`.
    private static func write(_ value: Int, digits: Int, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var value = value
        for offset in stride(from: digits - 1, through: 0, by: -1) {
            out[start + offset] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
    }
}

/// A UTC calendar time split into fields, computed with integer arithmetic only.
struct UTCTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    /// Splits `timestamp`, in seconds since 1970-01-01T00:00:00Z, into proleptic Gregorian UTC fields.
    ///
    /// The date uses Howard Hinnant's `civil_from_days`, https://howardhinnant.github.io/date_algorithms.html
    init(_ timestamp: Int) {
        let days = timestamp >= 0 ? timestamp / 86_400 : (timestamp - 86_399) / 86_400
        let seconds = timestamp - days * 86_400
        hour = seconds / 3_600
        minute = seconds % 3_600 / 60
        second = seconds % 60

        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        precondition((0...9999).contains(year), "timestamp \(timestamp) is outside the years 0000 to 9999")
    }
}
