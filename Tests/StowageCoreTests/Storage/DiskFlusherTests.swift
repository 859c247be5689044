import AWSCore
import Foundation
import Testing

@testable import StowageCore

/// A flush that records the descriptors it is given, can be held until released, and returns `result`.
final class ScriptedFlush: @unchecked Sendable {
    // @unchecked: every field is guarded by `lock`.
    private let lock = ConditionLock()
    private var held: Bool
    private var flushed: [Int32] = []
    private var running: Int32 = -1
    private let result: Int32

    init(holding: Bool = false, result: Int32 = 0) {
        held = holding
        self.result = result
    }

    func callAsFunction(_ fd: Int32) -> Int32 {
        lock.withLock {
            running = fd
            lock.broadcast()
            while held { lock.wait() }
            flushed.append(fd)
            running = -1
            lock.broadcast()
        }
        return result
    }

    func release() {
        lock.withLock {
            held = false
            lock.broadcast()
        }
    }

    var calls: [Int32] { lock.withLock { flushed } }

    /// Waits until a flush of `fd` (nil: of any descriptor) is running, or with `finished` until `count` flushes
    /// have returned; returns the descriptor, or nil after the timeout.
    func wait(for fd: Int32? = nil, finished count: Int? = nil, timeoutMilliseconds: Int = 5000) -> Int32? {
        lock.withLock {
            for _ in 0..<timeoutMilliseconds / 10 {
                if let count, flushed.count >= count { return flushed.last }
                if count == nil, running >= 0, fd == nil || running == fd { return running }
                lock.wait(milliseconds: 10)
            }
            return nil
        }
    }
}

@Suite struct DiskFlusherTests {
    let mebibyte = 1 << 20

    @Test func settleWaitsForTheFlushThatIsRunning() throws {
        let flush = ScriptedFlush(holding: true)
        let flusher = DiskFlusher { flush($0) }
        flusher.wrote(DiskFlusher.interval, to: 7)
        #expect(flush.wait(for: 7) == 7)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { flush.release() }
        #expect(flusher.settle(7) == nil)
        #expect(flush.calls == [7])
    }

    @Test func filesAreFlushedWhenTogetherTheyPassTheIntervalIfEachHoldsAMebibyte() throws {
        let flush = ScriptedFlush(holding: true)
        let flusher = DiskFlusher { flush($0) }
        flusher.wrote(10 * mebibyte, to: 1)
        flusher.wrote(mebibyte / 2, to: 3)
        #expect(flush.wait(for: nil, timeoutMilliseconds: 100) == nil)
        flusher.wrote(5 * mebibyte + mebibyte / 2, to: 2)
        #expect(flush.wait() == 1)
        flush.release()
        #expect(flush.wait(finished: 2) == 2)
        #expect(flusher.settle(3) == nil)
        // Only bytes written since the last look count towards the next one; file 4's half mebibyte is too little.
        flusher.wrote(DiskFlusher.interval - mebibyte / 2, to: 2)
        flusher.wrote(mebibyte / 2, to: 4)
        #expect(flush.wait(finished: 3) == 2)
        #expect(flush.calls == [1, 2, 2])
    }

    @Test func settleDropsAFlushNotYetStarted() throws {
        let flush = ScriptedFlush(holding: true)
        let flusher = DiskFlusher { flush($0) }
        flusher.wrote(8 * mebibyte, to: 1)
        flusher.wrote(8 * mebibyte, to: 2)
        #expect(flush.wait() == 1)
        #expect(flusher.settle(2) == nil)
        flush.release()
        #expect(flush.wait(finished: 1) == 1)
        #expect(flusher.settle(1) == nil)
        #expect(flush.wait(finished: 2, timeoutMilliseconds: 100) == nil)
        #expect(flush.calls == [1])
    }

    @Test func aFailedFlushIsReportedOnceBySettle() throws {
        let flush = ScriptedFlush(result: EIO)
        let flusher = DiskFlusher { flush($0) }
        flusher.wrote(DiskFlusher.interval, to: 5)
        #expect(flush.wait(finished: 1) == 5)
        #expect(flusher.settle(5) == EIO)
        #expect(flusher.settle(5) == nil)
    }
}
