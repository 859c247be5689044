/// Decides when each STATE message may be echoed: only once every record received before it, in every
/// stream, is in a commit unit (a file, a batch) that has committed.
///
/// Units commit in any order: a state waits for exactly the units that held records when it arrived and had
/// not committed yet. States leave in arrival order. Memory: one entry per open unit plus the held states and,
/// per open unit, the states waiting for it.
struct StateLedger {
    private struct Held {
        var echo: [UInt8]
        /// Units this state still waits for.
        var waitingFor: Int
    }

    /// Units that hold records and have not committed, each with the held states waiting for it.
    private var open: [Int: [Int]] = [:]
    private var held: [Held] = []
    /// The number of states released or dropped from `held` so far: `held[i]` is state number `base + i`.
    private var base = 0
    private var heldStart = 0

    var hasHeldStates: Bool { heldStart < held.count }

    /// Notes that `unit` received its first record.
    mutating func unitOpened(_ unit: Int) {
        open[unit] = []
    }

    /// Holds a state's echo until the units open now have committed; returns the echoes that may go now.
    mutating func stateReceived(echo: [UInt8]) -> [[UInt8]] {
        let number = base + held.count
        for unit in open.keys { open[unit]!.append(number) }
        held.append(Held(echo: echo, waitingFor: open.count))
        return releasable()
    }

    /// Notes that `unit` is complete and durable; returns the echoes that may go now.
    mutating func unitCommitted(_ unit: Int) -> [[UInt8]] {
        guard let waiting = open.removeValue(forKey: unit) else { return [] }
        for number in waiting where number >= base { held[number - base].waitingFor -= 1 }
        return releasable()
    }

    private mutating func releasable() -> [[UInt8]] {
        var ready: [[UInt8]] = []
        while heldStart < held.count, held[heldStart].waitingFor == 0 {
            ready.append(held[heldStart].echo)
            held[heldStart].echo = []
            heldStart += 1
        }
        if heldStart > 64, heldStart * 2 > held.count {
            held.removeFirst(heldStart)
            base += heldStart
            heldStart = 0
        }
        return ready
    }
}
