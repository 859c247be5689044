import CSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain POSIX thread for one pipeline stage (not Swift concurrency's pool: stages block on I/O).
enum PipelineThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread that never takes SIGTERM or SIGINT (they go to the pipeline's own thread,
    /// whose blocked reads and writes they interrupt); join the returned handle, or detach it.
    static func start(_ what: String, _ body: @escaping @Sendable () -> Void) -> pthread_t {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(
            &handle, nil,
            { context in
                stowage_block_termination_in_this_thread()
                Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
        precondition(status == 0, "cannot start the \(what) thread")
        return handle
    }
}
