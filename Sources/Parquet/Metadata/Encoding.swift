/// A page or level encoding: Thrift `Encoding`, the values this writer uses.
///
/// See https://github.com/apache/parquet-format/blob/master/Encodings.md.
package enum Encoding: Int32, Sendable, Hashable, Comparable {
    case plain = 0
    case rle = 3
    case rleDictionary = 8

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
