import AWSCore
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows a running sync's progress from a thread of its own: a live line on a terminal, else a log line.
package final class SyncProgressReporter: @unchecked Sendable {  // `stopping`, `running` are guarded by `mutex`
    package enum Mode: Sendable {
        /// Redraws `line` every `seconds`.
        case terminal(TerminalStatusLine, seconds: Double)
        /// Logs a progress line every `seconds`.
        case log(Logger, seconds: Double)
    }

    private let meter: SyncMeter
    private let mode: Mode
    private var progress: SyncProgress
    private let mutex = ConditionLock()
    private var stopping = false
    private var running = false

    package init(meter: SyncMeter, streamNames: [String], mode: Mode) {
        self.meter = meter
        self.mode = mode
        progress = SyncProgress(streamNames: streamNames)
    }

    package func start() {
        mutex.withLock { running = true }
        pthread_detach(PipelineThread.start("progress") { [self] in loop() })
    }

    /// Stops the thread and clears the terminal line.
    package func stop() {
        mutex.withLock {
            stopping = true
            mutex.broadcast()
            while running { mutex.wait() }
        }
        if case .terminal(let line, _) = mode { line.clear() }
    }

    private func loop() {
        let clock = SystemClock()
        let started = clock.monotonicSeconds()
        let seconds: Double =
            switch mode {
            case .terminal(_, let seconds), .log(_, let seconds): seconds
            }
        while true {
            let stop = mutex.withLock {
                if !stopping { mutex.wait(milliseconds: Int(seconds * 1000)) }
                return stopping
            }
            if stop { break }
            let text = progress.line(meter.snapshot(), seconds: clock.monotonicSeconds() - started)
            switch mode {
            case .terminal(let line, _): line.show(text)
            case .log(let logger, _): logger.info("Progress: \(text)")
            }
        }
        mutex.withLock {
            running = false
            mutex.broadcast()
        }
    }
}
