/// Decides when each STATE message may be echoed: only once every record received before it, in every
/// stream, is in a complete, visible object.
///
/// Files are numbered per stream in the order they are opened and complete in that order. A state waits for
/// the newest file of each stream that held uncommitted records when it arrived. States leave in arrival order.
/// Memory: one entry per stream plus the held states.
struct StateLedger {
    private struct Held {
        var echo: [UInt8]
        /// (stream, file) pairs that must be committed first.
        var waitsFor: [(stream: Int, file: Int)]
    }

    /// Per stream: the newest file that has received a record.
    private var newestWithData: [Int]
    /// Per stream: the newest file that is complete and visible.
    private var committed: [Int]
    /// Streams whose newest data is not yet committed.
    private var uncommitted: Set<Int> = []
    private var held: [Held] = []
    private var heldStart = 0

    init(streamCount: Int) {
        newestWithData = [Int](repeating: 0, count: streamCount)
        committed = [Int](repeating: 0, count: streamCount)
    }

    var hasHeldStates: Bool { heldStart < held.count }

    /// Notes that `file` of `stream` received a record. Call once per record; cheap.
    @inline(__always)
    mutating func recordWritten(stream: Int, file: Int) {
        if newestWithData[stream] != file {
            newestWithData[stream] = file
            uncommitted.insert(stream)
        }
    }

    /// Holds a state's echo until the data before it is committed; returns the echoes that may go now.
    mutating func stateReceived(echo: [UInt8]) -> [[UInt8]] {
        let waitsFor = uncommitted.map { (stream: $0, file: newestWithData[$0]) }
        held.append(Held(echo: echo, waitsFor: waitsFor))
        return releasable()
    }

    /// Notes that `file` of `stream` is complete and visible; returns the echoes that may go now.
    mutating func fileCommitted(stream: Int, file: Int) -> [[UInt8]] {
        committed[stream] = max(committed[stream], file)
        if committed[stream] >= newestWithData[stream] { uncommitted.remove(stream) }
        return releasable()
    }

    private mutating func releasable() -> [[UInt8]] {
        var ready: [[UInt8]] = []
        while heldStart < held.count, held[heldStart].waitsFor.allSatisfy({ committed[$0.stream] >= $0.file }) {
            ready.append(held[heldStart].echo)
            heldStart += 1
        }
        if heldStart > 64, heldStart * 2 > held.count {
            held.removeFirst(heldStart)
            heldStart = 0
        }
        return ready
    }
}
