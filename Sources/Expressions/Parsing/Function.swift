/// A function that an expression may call: IoT Analytics' math functions plus `coalesce lower upper concat`.
///
/// Names match case-insensitively. See specs/expressions.md for each function's types and errors.
package enum Function: UInt8, CaseIterable, Sendable {
    case abs, acos, asin, atan, atan2, ceil, cos, cosh, exp, floor, ln, log, mod, power, round, sign, sin, sinh
    case sqrt, tan, tanh, trunc
    case coalesce, lower, upper, concat

    /// The name as written in specs/expressions.md.
    package var name: StaticString {
        switch self {
        case .abs: "abs"
        case .acos: "acos"
        case .asin: "asin"
        case .atan: "atan"
        case .atan2: "atan2"
        case .ceil: "ceil"
        case .cos: "cos"
        case .cosh: "cosh"
        case .exp: "exp"
        case .floor: "floor"
        case .ln: "ln"
        case .log: "log"
        case .mod: "mod"
        case .power: "power"
        case .round: "round"
        case .sign: "sign"
        case .sin: "sin"
        case .sinh: "sinh"
        case .sqrt: "sqrt"
        case .tan: "tan"
        case .tanh: "tanh"
        case .trunc: "trunc"
        case .coalesce: "coalesce"
        case .lower: "lower"
        case .upper: "upper"
        case .concat: "concat"
        }
    }

    /// The fewest arguments the function takes.
    package var minimumArguments: Int {
        switch self {
        case .atan2, .mod, .power: 2
        default: 1
        }
    }

    /// The most arguments the function takes; `coalesce` and `concat` are bounded only by the expression's length.
    package var maximumArguments: Int {
        switch self {
        case .atan2, .mod, .power, .trunc: 2
        case .coalesce, .concat: Int.max
        default: 1
        }
    }

    /// The function named `bytes`, ignoring ASCII case.
    static func named<C: Collection<UInt8>>(_ bytes: C) -> Function? {
        allCases.first { function in
            let name = function.name
            guard name.utf8CodeUnitCount == bytes.count else { return false }
            return zip(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), bytes).allSatisfy {
                $0 == $1 | 0x20
            }
        }
    }
}
