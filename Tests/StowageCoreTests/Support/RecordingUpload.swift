@testable import StowageCore

#if canImport(Glibc)
    import Glibc
#endif

/// An in-memory ``ObjectUpload`` that keeps what is written and can be told to fail: the inner upload that
/// compression tests wrap.
final class RecordingUpload: ObjectUpload, @unchecked Sendable {
    // @unchecked: each instance is used by one thread at a time; tests read it only after that thread is done.
    private(set) var bytes: [UInt8] = []
    private(set) var writes = 0
    private(set) var completed = false
    private(set) var aborts = 0
    /// The write with this number (1 is the first) throws.
    var failingWrite: Int?
    var failsComplete = false
    /// Each write sleeps this long first, like a slow network.
    var writeDelayMicroseconds: useconds_t = 0

    init(failingWrite: Int? = nil, failsComplete: Bool = false) {
        self.failingWrite = failingWrite
        self.failsComplete = failsComplete
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        precondition(!completed && aborts == 0, "write after complete or abort")
        writes += 1
        if writes == failingWrite {
            throw StorageError(.transient, "The recording upload was told to fail write \(writes).")
        }
        if writeDelayMicroseconds > 0 { usleep(writeDelayMicroseconds) }
        bytes.append(contentsOf: chunk)
    }

    func complete() throws {
        precondition(!completed && aborts == 0, "complete after complete or abort")
        if failsComplete { throw StorageError(.transient, "The recording upload was told to fail complete.") }
        completed = true
    }

    func abort() { aborts += 1 }
}
