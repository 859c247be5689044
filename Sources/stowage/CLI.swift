import CSystem
import Logging
import StowageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What every command shares: the environment, the logger, and turning a failure into a TRACE and an exit code.
enum CLI {
    /// Process-wide settings every command needs first: a closed stdout is an error to handle, not a SIGPIPE
    /// death; a crash prints no memory, and leaves no core dump, that could hold a secret; the threads run as a
    /// batch job.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        stowage_install_crash_handler()
        // A fixed mmap threshold: glibc's dynamic one rises after the first large free (a Parquet row group's
        // pages), so later buffers come from the heap and are never given back; measured ten Parquet streams to
        // S3 at 228 MiB peak instead of 259–264 MiB.
        stowage_fix_mmap_threshold(256 << 10)
        // A batch job's threads: woken ones wait for the running one's slice instead of preempting it, which cost
        // the pipeline 5–10 % of its wall time whenever one stage hands work to the next (specs/benchmark.md).
        _ = stowage_schedule_as_batch()
    }

    static var environment: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    static func logger() -> Logger {
        var logger = Logger(label: "stowage") { StreamLogHandler.standardError(label: $0) }
        let level = environment["STOWAGE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        logger.logLevel = level
        return logger
    }

    /// Reports a failure as a TRACE error message (when standard output still takes one) and exits non-zero.
    static func fail(_ error: any Error, output: StandardOutput, logger: Logger) -> Never {
        let userError: any UserFacingError = (error as? any UserFacingError) ?? UnexpectedError(error: error)
        var stream: (name: String, namespace: String?)?
        if let input = error as? InputError, let name = input.stream { stream = (name, input.namespace) }
        if let config = error as? ConfigError, let first = config.streams.first {
            stream = (first.name, first.namespace)
        }
        if let transform = error as? TransformError { stream = (transform.stream.name, transform.stream.namespace) }
        logger.error("\(userError.message)")
        if !(error is OutputError) {
            try? output.emit(
                AirbyteMessages.trace(error: userError, stream: stream, emittedAt: SystemClock().wallMilliseconds()))
        }
        exit(1)
    }
}

/// An error that has no user-facing message of its own.
struct UnexpectedError: UserFacingError {
    var error: any Error
    var message: String { "Stowage failed unexpectedly (\(error)); report this with the log." }
    var failureType: FailureType { .systemError }
    var internalMessage: String? { String(reflecting: error) }
}
