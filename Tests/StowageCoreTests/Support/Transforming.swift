import Testing

@testable import StowageCore

/// What a pipeline made of one record, in a form tests can compare: the data as compact JSON text.
enum Transformed: Equatable, CustomStringConvertible {
    case kept(String)
    case filtered
    /// The 0-based step and the reason.
    case rejected(Int, String)

    var description: String {
        switch self {
        case .kept(let text): "kept \(text)"
        case .filtered: "filtered"
        case .rejected(let step, let reason): "rejected at \(step): \(reason)"
        }
    }
}

/// Runs pipelines on single records, as the writing stage does, and checks what every encoder relies on.
enum Transforming {
    static func pipeline(_ json: String) throws -> TransformPipeline {
        let value = try JSONValue.parse(Array(json.utf8))
        return try #require(try TransformPipeline.parse(value))
    }

    /// One transformer, and the plan of the first pipeline run with it, to reuse across calls (as a sync does).
    final class Reused {
        var transformer = RecordTransformer()
        var plan: TransformPlan?
    }

    /// The steps' outcome on a record whose `data` is `data`, with `reused`'s transformer if given.
    static func run(_ pipeline: TransformPipeline, _ data: String, reused: Reused = Reused()) throws -> Transformed {
        let line = Array(Fixtures.record("s", data).utf8)
        return try line.withUnsafeBufferPointer { line in
            var members = MemberList()
            let message = try MessageParser(listsDataMembers: true).parse(line, appendingMembersTo: &members)
            let record = RecordView(
                line: line, emittedAt: message.emittedAt!, data: message.data!, members: members.members)
            let plan = reused.plan ?? TransformPlan(pipeline)
            reused.plan = plan
            switch reused.transformer.run(plan, on: record) {
            case .unchanged:
                return .kept(try compact(record))
            case .changed(let view):
                #expect(text(view, view.emittedAt) == "1700000000000", "emitted_at survives")
                try expectMembersListed(view)
                return .kept(text(view, view.data))
            case .filtered: return .filtered
            case .rejected(let step, let reason): return .rejected(step, reason)
            }
        }
    }

    static func text(_ record: RecordView, _ span: JSONSpan) -> String {
        String(decoding: record.bytes(of: span), as: UTF8.self)
    }

    /// The record's data without whitespace, through the tree reader.
    static func compact(_ record: RecordView) throws -> String {
        try JSONValue.parse(Array(record.bytes(of: record.data))).serialized
    }

    /// A transformed record's member list is what scanning its data again gives, and its data is compact.
    static func expectMembersListed(_ record: RecordView) throws {
        var again = MemberList()
        var scanner = JSONScanner(record.line)
        _ = try scanner.object(listingInto: &again)
        #expect(again.count == record.members.count)
        for (a, b) in zip(again.members, record.members) {
            #expect(a.key == b.key && a.value == b.value)
        }
        #expect(!record.data.flags.contains(.whitespace))
    }
}
