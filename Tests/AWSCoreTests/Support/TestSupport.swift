import AWSCore
import Logging

let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
