import CivilTime

extension SigV4 {
    /// Returns the ISO 8601 basic UTC time SigV4 signs and sends as `x-amz-date`, such as `20150830T123600Z`.
    ///
    /// `timestamp` is in seconds since 1970-01-01T00:00:00Z and must fall in the years 0000 to 9999.
    /// Spec: Step 3, "RequestDateTime", of "Create a signed AWS API request",
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    public static func amzDate(_ timestamp: Int) -> String {
        let time = utcTime(timestamp)
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
        let time = utcTime(timestamp)
        return String(unsafeUninitializedCapacity: 8) { out in
            write(time.year, digits: 4, into: out, at: 0)
            write(time.month, digits: 2, into: out, at: 4)
            write(time.day, digits: 2, into: out, at: 6)
            return 8
        }
    }

    /// The calendar fields of `timestamp` (CivilTime's proleptic Gregorian calendar, Hinnant's `civil_from_days`).
    private static func utcTime(_ timestamp: Int) -> UTCTime {
        let time = UTCTime(epochSeconds: Int64(timestamp))
        precondition((0...9999).contains(time.year), "timestamp \(timestamp) is outside the years 0000 to 9999")
        return time
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
