/// A comparison operator: `= != < <= > >=` (`<>` is read as `!=`).
enum ComparisonOperator: UInt8, Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

    var symbol: StaticString {
        switch self {
        case .equal: "="
        case .notEqual: "!="
        case .less: "<"
        case .lessOrEqual: "<="
        case .greater: ">"
        case .greaterOrEqual: ">="
        }
    }

    /// Whether the operator holds for an ordering result (-1, 0 or 1).
    @inline(__always)
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }
}
