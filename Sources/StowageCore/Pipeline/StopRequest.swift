/// The sync was asked to stop (SIGTERM or SIGINT): open files are abandoned, echoed states stay true.
package struct StopRequest: Error, UserFacingError {
    package var signal: Int32
    package var message: String {
        "Stowage was asked to stop (signal \(signal)) before the input ended; open files were abandoned and every state already echoed stays true."
    }
    package var failureType: FailureType { .transientError }
    package var internalMessage: String? { nil }
}
