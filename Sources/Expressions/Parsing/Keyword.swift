/// The words with a meaning of their own, matched ignoring ASCII case; as the first name of a path they must be
/// quoted, except MISSING.
enum Keyword: CaseIterable {
    case and, or, not, `is`, `in`, null, `true`, `false`, missing

    var text: StaticString {
        switch self {
        case .and: "AND"
        case .or: "OR"
        case .not: "NOT"
        case .is: "IS"
        case .in: "IN"
        case .null: "NULL"
        case .true: "TRUE"
        case .false: "FALSE"
        case .missing: "MISSING"
        }
    }

    /// Whether `bytes` spell this keyword in any case.
    func matches<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        let text = self.text
        guard text.utf8CodeUnitCount == bytes.count else { return false }
        return zip(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount), bytes).allSatisfy {
            $0 | 0x20 == $1 | 0x20
        }
    }

    /// The keyword that `bytes` spell, if any.
    static func named<C: Collection<UInt8>>(_ bytes: C) -> Keyword? {
        allCases.first { $0.matches(bytes) }
    }

    /// Whether a path must quote `bytes` as its first name; MISSING means something only after IS.
    static func isReserved(_ bytes: [UInt8]) -> Bool { named(bytes).map { $0 != .missing } ?? false }
}
