#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The comparison rules: numbers compare exactly across integers and Doubles, strings by their UTF-8 bytes,
/// booleans only for equality, and anything compared with missing or null is false.
enum Comparison {
    typealias Reason = EvaluationError.Reason

    /// Whether `a op b` holds.
    @inline(__always)
    static func holds(_ op: ComparisonOperator, _ a: Value, _ b: Value) throws(Reason) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return op.holds(x < y ? -1 : x == y ? 0 : 1)
        case (.number(let x), .number(let y)): return op.holds(x < y ? -1 : x == y ? 0 : 1)
        case (.integer(let x), .number(let y)): return op.holds(order(x, y))
        case (.number(let x), .integer(let y)): return op.holds(-order(y, x))
        case (.missing, _), (_, .missing), (.null, _), (_, .null): return false
        case (.string(let x), .string(let y)): return op.holds(order(x, y))
        case (.bool(let x), .bool(let y)):
            guard op == .equal || op == .notEqual else { throw .notComparable(.bool, .bool) }
            return op.holds(x == y ? 0 : 1)
        case (.string, .integer), (.string, .number), (.integer, .string), (.number, .string):
            guard let x = try? Arithmetic.numeric(a), let y = try? Arithmetic.numeric(b) else {
                throw .notComparable(a.kind, b.kind)
            }
            switch (x, y) {
            case (.integer(let x), .integer(let y)): return op.holds(x < y ? -1 : x == y ? 0 : 1)
            case (.integer(let x), .number(let y)): return op.holds(order(x, y))
            case (.number(let x), .integer(let y)): return op.holds(-order(y, x))
            case (.number(let x), .number(let y)): return op.holds(x < y ? -1 : x == y ? 0 : 1)
            }
        default:
            throw .notComparable(a.kind, b.kind)
        }
    }

    /// The exact order of an integer and a finite Double (no rounding of the integer to a Double).
    @inline(__always)
    static func order(_ x: Int64, _ y: Double) -> Int {
        if y >= NumberWriter.twoToThe63 { return -1 }
        if y < -NumberWriter.twoToThe63 { return 1 }
        let whole = y.rounded(.towardZero)
        let integer = Int64(whole)
        if x != integer { return x < integer ? -1 : 1 }
        let fraction = y - whole
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0
    }

    /// The order of two strings by their UTF-8 bytes, which is the order of their code points.
    @inline(__always)
    static func order(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(x.count, y.count)
        if common > 0 {
            let difference = memcmp(x.baseAddress!, y.baseAddress!, common)
            if difference != 0 { return difference < 0 ? -1 : 1 }
        }
        return x.count < y.count ? -1 : x.count == y.count ? 0 : 1
    }
}
