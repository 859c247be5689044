/// How one data column's values are read from a record and what Parquet type holds them; decided from the
/// catalog's JSON schema only (``ParquetTypeMapping``), never from the data. `specs/parquet.md` has the table.
package enum ParquetValueKind: Sendable, Hashable {
    /// BYTE_ARRAY STRING: JSON strings, escapes decoded.
    case string
    /// INT64: integral JSON numbers within Int64 (`42`, `42.0`, `4.2e1`).
    case integer
    /// DOUBLE: finite JSON numbers.
    case number
    /// BOOLEAN: `true` and `false`.
    case boolean
    /// INT32 DATE: `YYYY-MM-DD` strings (` BC` allowed).
    case date
    /// INT64 TIMESTAMP(MICROS): RFC 3339 strings; with a time zone adjusted to UTC, without one a local
    /// date-time (whose text must carry no offset).
    case timestamp(withTimeZone: Bool)
    /// BYTE_ARRAY STRING `HH:MM:SS[.ffffff]`: time-of-day strings, with a time zone converted to UTC (Spark
    /// rejects Parquet TIME, so times stay text).
    case time(withTimeZone: Bool)
    /// BYTE_ARRAY STRING of compact JSON: objects, arrays, unions of several types and schemas Stowage does not
    /// type; any JSON value fits.
    case json
}
