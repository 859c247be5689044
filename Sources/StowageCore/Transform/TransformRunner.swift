/// Runs each record's transform steps on a whole batch, leaving the outcomes in it for ``TransformStage`` to count,
/// reject and write.
///
/// The parsing thread and the writing stage each have one and share the work (see ``ThreadedBatches``); a runner
/// is used by one thread only, as its plans' position hints are written as records run.
/// Memory: what ``RecordTransformer`` holds, and the batch's transformed records.
final class TransformRunner {
    private let plans: [TransformPlan?]
    private let resolver: StreamResolver
    private var transformer = RecordTransformer()

    /// Runs `plans`, one per stream of `catalog` (nil for a stream without steps).
    init(plans: [TransformPlan?], catalog: Catalog) {
        self.plans = plans
        resolver = StreamResolver(catalog: catalog)
    }

    /// Runs the steps of every record of `batch`, whose lines must be validated, unless they have run.
    func run(_ batch: ParsedBatch) {
        guard !batch.transformed else { return }
        precondition(batch.parsed, "Transform steps ran on a batch whose lines were not validated yet")
        batch.transformed = true
        batch.entries.withUnsafeMutableBufferPointer { entries in
            for index in entries.indices {
                let entry = UnsafePointer(entries.baseAddress! + index)
                let message = ParsedBatch.Entry.message(of: entry)
                guard message.pointee.kind == .record else { continue }
                entries[index].transformed = run(
                    message, batch.line(entry.pointee), batch.members(of: message.pointee), into: batch)
            }
        }
    }

    /// What the steps make of `message`, a record of `line` whose data members are `members`; the transformed
    /// record is appended to `batch`. A record the writing stage will refuse (no known stream, no data object, no
    /// numeric `emitted_at`) runs no steps.
    private func run(
        _ message: UnsafePointer<Message>, _ line: UnsafeBufferPointer<UInt8>,
        _ members: UnsafeBufferPointer<MemberList.Member>,
        into batch: ParsedBatch
    ) -> ParsedBatch.Transformed {
        guard let stream = message.pointee.stream, stream.kind == .string,
            let index = try? resolver.resolve(stream, message.pointee.namespace, line, 0), let plan = plans[index],
            let data = message.pointee.data, data.kind == .object, let emittedAt = message.pointee.emittedAt,
            emittedAt.kind == .number
        else { return .none }
        let record = RecordView(line: line, emittedAt: emittedAt, data: data, members: members)
        let bytes = batch.transformedBytes
        let (start, firstMember) = (bytes.count, batch.transformedMembers.count)
        switch transformer.run(plan, on: record, renderingInto: bytes, members: &batch.transformedMembers) {
        case .unchanged: return .unchanged
        case .changed(let transformed):
            return .changed(batch.noteTransformed(transformed, start: start, firstMember: firstMember))
        case .filtered: return .filtered
        case .rejected(let step, let reason):
            batch.rejections.append(ParsedBatch.Rejection(step: step, reason: reason))
            return .rejected(batch.rejections.count - 1)
        }
    }
}
