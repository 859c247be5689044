/// A binary arithmetic operator: `+ - * / %`.
enum ArithmeticOperator: UInt8, Sendable {
    case add, subtract, multiply, divide, remainder

    var symbol: StaticString {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .remainder: "%"
        }
    }
}
