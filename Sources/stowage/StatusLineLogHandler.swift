import Logging
import StowageCore

/// Standard error's log lines, printed above `sync`'s live progress line on a terminal instead of through it.
struct StatusLineLogHandler: LogHandler {
    private var inner: StreamLogHandler
    private let status: TerminalStatusLine

    init(label: String, status: TerminalStatusLine) {
        inner = StreamLogHandler.standardError(label: label)
        self.status = status
    }

    func log(event: LogEvent) {
        status.printingAbove { inner.log(event: event) }
    }

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }
}
