import AWSCore
import CSystem
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a source program ended.
package enum SourceExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case killed(signal: Int32)

    package var succeeded: Bool { self == .exited(0) }

    package var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .killed(let signal): "was killed by signal \(signal)\(Self.name(of: signal).map { " (\($0))" } ?? "")"
        }
    }

    private static func name(of signal: Int32) -> String? {
        switch signal {
        case SIGKILL: "SIGKILL"
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGPIPE: "SIGPIPE"
        case SIGHUP: "SIGHUP"
        default: nil
        }
    }

    /// The `waitpid(2)` status: exited with `WEXITSTATUS`, or killed by `WTERMSIG` (no stopped children are asked for).
    static func decode(_ status: Int32) -> SourceExit {
        status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .killed(signal: status & 0x7F)
    }
}

/// A running source program: its standard output to read messages from, its standard error forwarded line by
/// line to the log from a thread of its own.
///
/// The program runs in a process group of its own (``stop(signal:graceSeconds:)`` reaches its children too),
/// with no descriptor of Stowage's but the two pipes, so a lock Stowage holds dies with Stowage. Memory: one
/// 64 KiB read buffer and one standard-error line of at most ``longestErrorLine`` bytes.
package final class SourceProcess: @unchecked Sendable {  // `exit` and `errorsEnded` are guarded by `lock`
    /// Longer standard-error lines are cut there and marked with `…`.
    package static let longestErrorLine = 16 << 10

    package let pid: Int32
    /// The reading end of the program's standard output; closed by ``closeOutput()``.
    package private(set) var output: Int32
    private let lock = ConditionLock()
    private var exit: SourceExit?
    private var errorsEnded = false
    private var signalled = false
    private var idle = false

    private init(pid: Int32, output: Int32) {
        self.pid = pid
        self.output = output
    }

    /// Starts `arguments` (the first is the program, searched in `PATH`) and the standard-error pump.
    ///
    /// Fails with a ``SyncError`` (`sourceNotStarted`) naming the program when it cannot be started.
    package static func start(_ arguments: [String], logger: Logger) throws(SyncError) -> SourceProcess {
        var pid: Int32 = 0
        var output: Int32 = -1
        var errors: Int32 = -1
        let status = withCStrings(arguments) { argv in stowage_spawn(argv, &pid, &output, &errors) }
        guard status == 0 else {
            throw SyncError(
                .sourceNotStarted,
                "The source program '\(arguments[0])' cannot be started (\(String(cString: strerror(status)))); check the command after '--' and that it is on PATH."
            )
        }
        let process = SourceProcess(pid: pid, output: output)
        let errorsFD = errors
        pthread_detach(
            PipelineThread.start("source stderr") { [process] in
                process.forwardErrors(from: errorsFD, to: logger)
            })
        return process
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }

    /// The exit, if the program has ended (reaping it), without waiting.
    package func poll() -> SourceExit? {
        lock.withLock {
            if let exit { return exit }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                exit = SourceExit.decode(status)
            } else if reaped < 0 && errno == ECHILD {
                exit = .killed(signal: SIGKILL)  // reaped elsewhere: nothing to report but that it is gone
            }
            return exit
        }
    }

    /// Waits for the exit, at most `seconds` (nil: as long as it takes), asking `interrupted` every 50 ms:
    /// when it returns a signal, the wait ends early with nil.
    package func wait(seconds: Double?, interrupted: () -> Int32 = { 0 }) -> SourceExit? {
        let clock = SystemClock()
        let deadline = seconds.map { clock.monotonicSeconds() + $0 }
        while true {
            if let exit = poll() { return exit }
            if interrupted() != 0 { return nil }
            if let deadline, clock.monotonicSeconds() >= deadline { return nil }
            usleep(20_000)
        }
    }

    /// Sends `signal` to the program's process group, waits up to `graceSeconds`, then kills the group; returns
    /// how the program ended.
    @discardableResult
    package func stop(signal: Int32, graceSeconds: Double) -> SourceExit {
        if let exit = poll() { return exit }
        send(signal)
        if let exit = wait(seconds: graceSeconds) { return exit }
        send(SIGKILL)
        return wait(seconds: nil)!
    }

    /// Sends `signal` to the program's process group, unless it has ended, without waiting.
    package func send(_ signal: Int32) {
        lock.withLock {
            guard exit == nil else { return }
            signalled = true
            kill(-pid, signal)
        }
    }

    /// Notes that the program is being stopped for printing nothing for too long.
    package func noteIdle() {
        lock.withLock { idle = true }
    }

    /// Whether Stowage sent the program a signal (its end is then Stowage's doing, not the program's).
    package var wasSignalled: Bool { lock.withLock { signalled } }

    /// Whether the program was stopped for printing nothing for too long.
    package var wasIdle: Bool { lock.withLock { idle } }

    /// Closes the reading end of standard output; a program still writing then gets EPIPE or SIGPIPE.
    package func closeOutput() {
        if output >= 0 {
            close(output)
            output = -1
        }
    }

    /// Waits up to `seconds` for the standard-error pump to forward the last lines (the program and every child
    /// holding the pipe have ended).
    package func drainErrors(seconds: Double) {
        let clock = SystemClock()
        let deadline = clock.monotonicSeconds() + seconds
        lock.withLock {
            while !errorsEnded {
                let left = Int((deadline - clock.monotonicSeconds()) * 1000)
                if left <= 0 { return }
                lock.wait(milliseconds: left)
            }
        }
    }

    private static func forward(_ line: String, to logger: Logger) {
        if !line.isEmpty { logger.info("\(line)", metadata: ["source": "stderr"]) }
    }

    private func forwardErrors(from fd: Int32, to logger: Logger) {
        var splitter = LineSplitter(longest: Self.longestErrorLine)
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            splitter.feed(chunk[0..<n]) { Self.forward($0, to: logger) }
        }
        splitter.finish { Self.forward($0, to: logger) }
        close(fd)
        lock.withLock {
            errorsEnded = true
            lock.broadcast()
        }
    }
}
