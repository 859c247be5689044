#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The time, as the pipeline sees it: wall-clock milliseconds for names and messages, monotonic seconds for intervals.
package protocol SyncClock {
    func wallMilliseconds() -> Int64
    func monotonicSeconds() -> Double
}

/// The system's clocks.
package struct SystemClock: SyncClock {
    package init() {}

    package func wallMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    package func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
