import SampleData
import Testing

@testable import StowageCore

@Suite struct StateLedgerTests {
    static func echo(_ name: String) -> [UInt8] { Array(name.utf8) }
    static func names(_ echoes: [[UInt8]]) -> [String] { echoes.map { String(decoding: $0, as: UTF8.self) } }

    @Test func aStateWithNothingPendingGoesAtOnce() {
        var ledger = StateLedger()
        #expect(Self.names(ledger.stateReceived(echo: Self.echo("s1"))) == ["s1"])
    }

    @Test func aStateWaitsForEveryOpenUnitNotOnlyItsStreams() {
        var ledger = StateLedger()
        ledger.unitOpened(1)
        ledger.unitOpened(2)
        #expect(ledger.stateReceived(echo: Self.echo("s1")).isEmpty)
        #expect(ledger.unitCommitted(1).isEmpty, "unit 2 still holds records from before s1")
        #expect(Self.names(ledger.unitCommitted(2)) == ["s1"])
    }

    @Test func statesLeaveInOrder() {
        var ledger = StateLedger()
        ledger.unitOpened(1)
        #expect(ledger.stateReceived(echo: Self.echo("s1")).isEmpty)
        ledger.unitOpened(2)
        #expect(ledger.stateReceived(echo: Self.echo("s2")).isEmpty)
        // s2 waits for units 1 and 2, s1 for unit 1 only; s2 may not overtake s1.
        #expect(ledger.unitCommitted(2).isEmpty)
        #expect(Self.names(ledger.unitCommitted(1)) == ["s1", "s2"])
        #expect(!ledger.hasHeldStates)
    }

    @Test func unitsOpenedAfterAStateDoNotHoldIt() {
        var ledger = StateLedger()
        ledger.unitOpened(1)
        #expect(ledger.stateReceived(echo: Self.echo("s1")).isEmpty)
        ledger.unitOpened(2)
        #expect(Self.names(ledger.unitCommitted(1)) == ["s1"])
        #expect(ledger.stateReceived(echo: Self.echo("s2")).isEmpty)
        #expect(Self.names(ledger.unitCommitted(2)) == ["s2"])
    }

    @Test func aLaterUnitCommittingFirstReleasesNothingEarlier() {
        // Several open files per stream (partitions) or concurrent batches commit out of order.
        var ledger = StateLedger()
        ledger.unitOpened(1)
        ledger.unitOpened(2)
        #expect(ledger.stateReceived(echo: Self.echo("s1")).isEmpty)
        ledger.unitOpened(3)
        #expect(ledger.stateReceived(echo: Self.echo("s2")).isEmpty)
        #expect(ledger.unitCommitted(3).isEmpty)
        #expect(ledger.unitCommitted(2).isEmpty, "unit 1 still holds records from before s1")
        #expect(Self.names(ledger.unitCommitted(1)) == ["s1", "s2"])
    }

    @Test func randomCommitOrdersNeverReleaseAStateEarly() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<200 {
            var ledger = StateLedger()
            var open: [Int] = []
            var nextUnit = 1
            var waits: [[Int]] = []  // per state: units open when it arrived
            var committed = Set<Int>()
            var released = 0
            for _ in 0..<40 {
                switch random.next() % 4 {
                case 0:
                    ledger.unitOpened(nextUnit)
                    open.append(nextUnit)
                    nextUnit += 1
                case 1:
                    waits.append(open)
                    released += ledger.stateReceived(echo: Self.echo("s")).count
                default:
                    guard !open.isEmpty else { continue }
                    let unit = open.remove(at: Int(random.next() % UInt64(open.count)))
                    committed.insert(unit)
                    released += ledger.unitCommitted(unit).count
                }
                // Every released state had all its units committed, and so had every state before it.
                for state in 0..<released { #expect(waits[state].allSatisfy(committed.contains)) }
                // And no state that could go is held back.
                var ready = 0
                while ready < waits.count, waits[ready].allSatisfy(committed.contains) { ready += 1 }
                #expect(released == ready)
            }
        }
    }
}
