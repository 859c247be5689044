#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The source's standard output as a ``MessageInput``: counts what arrives and, with an idle timeout, stops a
/// source that printed nothing for that long (SIGTERM, then SIGKILL after `graceSeconds`), so that the input
/// ends, what arrived is committed, and the run reports the silence (``SourceProcess/wasIdle``).
package struct SourceOutputInput: MessageInput {
    private var input: FileDescriptorInput
    private let process: SourceProcess
    private let idleTimeout: Double?
    private let graceSeconds: Double
    private let meter: SyncMeter
    private let clock = SystemClock()
    private var lastArrival: Double
    private var stopSent: Double?

    package init(process: SourceProcess, idleTimeout: Double?, graceSeconds: Double, meter: SyncMeter) {
        input = FileDescriptorInput(fd: process.output)
        self.process = process
        self.idleTimeout = idleTimeout
        self.graceSeconds = graceSeconds
        self.meter = meter
        lastArrival = clock.monotonicSeconds()
    }

    package mutating func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int) throws
        -> ReadResult
    {
        var wait = timeoutMilliseconds
        if idleTimeout != nil, wait < 0 || wait > 200 { wait = 200 }
        let result = try input.read(into: buffer, timeoutMilliseconds: wait)
        switch result {
        case .bytes(let n):
            lastArrival = clock.monotonicSeconds()
            meter.read(bytes: n)
        case .timedOut:
            guard let idleTimeout else { break }
            let now = clock.monotonicSeconds()
            if let stopSent {
                if now - stopSent >= graceSeconds { process.send(SIGKILL) }
            } else if now - lastArrival >= idleTimeout {
                process.noteIdle()
                process.send(SIGTERM)
                stopSent = now
            }
        case .endOfInput: break
        }
        return result
    }
}
