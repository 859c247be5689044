import Testing

@testable import StowageCore

@Suite struct StateLedgerTests {
    static func echo(_ name: String) -> [UInt8] { Array(name.utf8) }
    static func names(_ echoes: [[UInt8]]) -> [String] { echoes.map { String(decoding: $0, as: UTF8.self) } }

    @Test func aStateWithNothingPendingGoesAtOnce() {
        var ledger = StateLedger(streamCount: 2)
        #expect(Self.names(ledger.stateReceived(echo: Self.echo("s1"))) == ["s1"])
    }

    @Test func aStateWaitsForEveryStreamNotOnlyItsOwn() {
        var ledger = StateLedger(streamCount: 2)
        ledger.recordWritten(stream: 0, file: 1)
        ledger.recordWritten(stream: 1, file: 1)
        #expect(ledger.stateReceived(echo: Self.echo("s1")).isEmpty)
        #expect(ledger.fileCommitted(stream: 0, file: 1).isEmpty, "stream 1 still holds records from before s1")
        #expect(Self.names(ledger.fileCommitted(stream: 1, file: 1)) == ["s1"])
    }

    @Test func statesLeaveInOrder() {
        var ledger = StateLedger(streamCount: 2)
        ledger.recordWritten(stream: 0, file: 1)
        #expect(ledger.stateReceived(echo: Self.echo("s1")).isEmpty)
        ledger.recordWritten(stream: 1, file: 1)
        #expect(ledger.stateReceived(echo: Self.echo("s2")).isEmpty)
        // s2 alone waits for stream 1 and s1 for stream 0; s2 may not overtake s1.
        #expect(ledger.fileCommitted(stream: 1, file: 1).isEmpty)
        #expect(Self.names(ledger.fileCommitted(stream: 0, file: 1)) == ["s1", "s2"])
        #expect(!ledger.hasHeldStates)
    }

    @Test func recordsAfterAStateDoNotHoldIt() {
        var ledger = StateLedger(streamCount: 1)
        ledger.recordWritten(stream: 0, file: 1)
        #expect(ledger.stateReceived(echo: Self.echo("s1")).isEmpty)
        ledger.recordWritten(stream: 0, file: 1)
        #expect(Self.names(ledger.fileCommitted(stream: 0, file: 1)) == ["s1"])
        ledger.recordWritten(stream: 0, file: 2)
        #expect(ledger.stateReceived(echo: Self.echo("s2")).isEmpty)
        #expect(Self.names(ledger.fileCommitted(stream: 0, file: 2)) == ["s2"])
    }

    @Test func aLaterFileCommitsEarlierOnes() {
        var ledger = StateLedger(streamCount: 1)
        ledger.recordWritten(stream: 0, file: 1)
        #expect(ledger.stateReceived(echo: Self.echo("s1")).isEmpty)
        ledger.recordWritten(stream: 0, file: 2)
        #expect(ledger.stateReceived(echo: Self.echo("s2")).isEmpty)
        #expect(Self.names(ledger.fileCommitted(stream: 0, file: 1)) == ["s1"])
        #expect(Self.names(ledger.fileCommitted(stream: 0, file: 2)) == ["s2"])
    }
}
