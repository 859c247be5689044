import AWSCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One status line at the bottom of a terminal on standard error, which log lines print above.
package final class TerminalStatusLine: @unchecked Sendable {  // `text` is guarded by `mutex`
    private let mutex = ConditionLock()
    private var text = ""
    private let fd: Int32

    package init(fd: Int32 = 2) {
        self.fd = fd
    }

    /// The terminal's width in columns, or 120 when it says none.
    package var width: Int {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 120 }
        return Int(size.ws_col)
    }

    /// Replaces the line with `line`, cut to the terminal's width.
    package func show(_ line: String) {
        let fitted = SyncProgress.fitted(line, width: width - 1)
        mutex.withLock {
            text = fitted
            put("\r\u{1B}[K" + fitted)
        }
    }

    /// Removes the line.
    package func clear() {
        mutex.withLock {
            if !text.isEmpty { put("\r\u{1B}[K") }
            text = ""
        }
    }

    /// Runs `body` (which prints whole lines to the terminal) with the line removed, then draws it again.
    package func printingAbove(_ body: () -> Void) {
        mutex.withLock {
            if !text.isEmpty { put("\r\u{1B}[K") }
            body()
            if !text.isEmpty { put(text) }
        }
    }

    private func put(_ string: String) {
        var bytes = Array(string.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
