import Testing

@testable import StowageCore

@Suite struct PartitionerTests {
    /// Runs `ts` values through one partitioner, tagging every computed partition with a new number as the file
    /// sink does; returns each record's outcome and the key after it.
    private func run(_ pieces: [RecordPiece], _ stamps: [String]) throws -> [(Partitioner.Outcome, String)] {
        var partitioner = Partitioner(pieces: pieces, time: RecordTime(field: "ts"))
        let parser = MessageParser(listsDataMembers: true)
        var members = MemberList()
        var results: [(Partitioner.Outcome, String)] = []
        for (index, ts) in stamps.enumerated() {
            let data = #"{"id":\#(index),"ts":"\#(ts)","site":"\#(ts.prefix(4))"}"#
            let text = #"{"type":"RECORD","record":{"stream":"s","data":\#(data),"emitted_at":1}}"#
            let bytes = Array(text.utf8)
            try bytes.withUnsafeBufferPointer { line in
                members.count = 0
                let message = try parser.parse(line, appendingMembersTo: &members)
                let record = RecordView(
                    line: line, emittedAt: message.emittedAt!, data: message.data!, members: members.members)
                let outcome = try partitioner.partition(record)
                if outcome == .computed { partitioner.remember(index) }
                results.append((outcome, partitioner.values.joined(separator: "/")))
            }
        }
        return results
    }

    @Test func aDaySeenBeforeComesBackAsItsTagWithoutRecomputing() throws {
        let results = try run(
            [.year, .month, .day],
            ["2019-03-14T01:00:00Z", "2019-03-14T23:59:59.999Z", "2019-03-15T00:00:00Z", "2019-03-14T12:00:00Z"])
        #expect(results.map(\.0) == [.computed, .known(0), .computed, .known(0)])
        #expect(results[0].1 == "2019/03/14")
        #expect(results[2].1 == "2019/03/15")
    }

    @Test func anHourPartitionChangesEveryHour() throws {
        let results = try run(
            [.day, .hour], ["2019-03-14T01:00:00Z", "2019-03-14T01:59:00Z", "2019-03-14T02:00:00Z"])
        #expect(results.map(\.0) == [.computed, .known(0), .computed])
        #expect(results.map(\.1) == ["14/01", "14/01", "14/02"])
    }

    @Test func offsetsAndTimesBefore1970FallInTheirUTCDay() throws {
        let results = try run(
            [.year, .month, .day], ["1969-12-31T23:30:00-01:00", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z"])
        #expect(results.map(\.0) == [.computed, .computed, .known(0)])
        #expect(results.map(\.1) == ["1970/01/01", "1969/12/31", "1969/12/31"])
    }

    /// A field can change within a day, so a partition with one is computed for every record.
    @Test func aFieldPartitionIsComputedForEveryRecord() throws {
        let results = try run([.day, .field("site")], ["2019-03-14T01:00:00Z", "2020-03-14T01:00:00Z"])
        #expect(results.map(\.0) == [.computed, .computed])
        #expect(results.map(\.1) == ["14/2019", "14/2020"])
    }

    @Test func aStreamWithoutPartitionsKeepsItsOneTag() throws {
        let results = try run([], ["2019-03-14T01:00:00Z", "not a time"])
        #expect(results.map(\.0) == [.computed, .known(0)])
    }
}
