import Logging

/// A source's LOG message (`{"type":"LOG","log":{"level":…,"message":…}}`) forwarded to Stowage's log.
package enum SourceLog {
    /// Logs `message`'s text at its level (FATAL and ERROR as error, WARN as warning, DEBUG, TRACE, else info).
    package static func forward(_ message: JSONValue, to logger: Logger) {
        guard let log = message["log"], let text = log["message"]?.stringValue else { return }
        let level: Logger.Level =
            switch log["level"]?.stringValue {
            case "FATAL", "ERROR": .error
            case "WARN": .warning
            case "DEBUG": .debug
            case "TRACE": .trace
            default: .info
            }
        logger.log(level: level, "\(text)", metadata: ["source": "log"])
    }
}
