import Logging

/// The writing stage's view of transforms: counts what each stream's steps made of its records (a
/// ``TransformRunner`` runs them), renders the rejects and stops the sync when `transform_errors` says so.
///
/// A rejected record is rendered into a reject object and written to the stream's reject sink stream (see
/// ``Configuration/rejectStreams(of:)``), so it is committed under the same STATE rule as the good data. Memory:
/// what ``RecordTransformer`` holds, and one reject.
package final class TransformStage {
    /// What became of one stream's records.
    package struct Counts: Sendable, Equatable {
        package var written = 0
        package var filtered = 0
        package var rejected = 0

        package init(written: Int = 0, filtered: Int = 0, rejected: Int = 0) {
            self.written = written
            self.filtered = filtered
            self.rejected = rejected
        }
    }

    private struct Stream {
        var descriptor: Catalog.Stream
        var pipeline: TransformPipeline
        var policy: TransformErrorPolicy
        var rejects: Int
    }

    private let streams: [Stream?]
    private let catalog: Catalog
    private let reject = OutputBuffer(capacity: 4096)
    /// Per catalog stream, in raw memory so that counting costs no exclusivity check.
    private let tally: UnsafeMutablePointer<Counts>

    /// Per catalog stream; zero for streams without transforms.
    package var counts: [Counts] { Array(UnsafeBufferPointer(start: tally, count: streams.count)) }

    /// The stage for `catalog` under `configuration`, or nil when none of its streams has transforms.
    package init?(configuration: Configuration, catalog: Catalog) {
        let rejects = configuration.rejectStreams(of: catalog)
        var streams: [Stream?] = []
        for (index, descriptor) in catalog.streams.enumerated() {
            guard let pipeline = configuration.settings(for: descriptor).transforms, let target = rejects[index] else {
                streams.append(nil)
                continue
            }
            streams.append(
                Stream(
                    descriptor: descriptor, pipeline: pipeline,
                    policy: configuration.transformErrors(for: descriptor), rejects: target))
        }
        guard streams.contains(where: { $0 != nil }) else { return nil }
        self.streams = streams
        self.catalog = catalog
        tally = .allocate(capacity: streams.count)
        tally.initialize(repeating: Counts(), count: streams.count)
    }

    deinit { tally.deallocate() }

    /// A runner of every stream's steps, for one thread: each has plans of its own.
    func runner() -> TransformRunner {
        TransformRunner(plans: streams.map { $0.map { TransformPlan($0.pipeline) } }, catalog: catalog)
    }

    /// The record to write and the sink stream to write it to (the record's own, or its stream's rejects), or nil
    /// when a filter dropped it, given what a ``TransformRunner`` made of the record (`transformed`, in `batch`).
    ///
    /// `original` is the RECORD's `record` object in the line and `number` the line's number, for a reject.
    /// Throws when a rejection stops the sync under the stream's `transform_errors`.
    func apply(
        _ transformed: ParsedBatch.Transformed, in batch: ParsedBatch, _ record: RecordView, stream index: Int,
        original: JSONSpan, number: Int
    ) throws(TransformError) -> (RecordView, Int)? {
        switch transformed {
        case .none:
            assert(streams[index] == nil, "no runner ran the steps of a record of a stream with steps")
            return (record, index)
        case .unchanged:
            tally[index].written += 1
            return (record, index)
        case .changed(let kept):
            tally[index].written += 1
            return (batch.record(kept), index)
        case .filtered:
            tally[index].filtered += 1
            return nil
        case .rejected(let rejection):
            tally[index].rejected += 1
            let stream = streams[index]!
            let (step, reason) = (batch.rejections[rejection].step, batch.rejections[rejection].reason)
            let label = stream.pipeline.steps[step].label(index: step + 1)
            try check(stream, rejected: tally[index].rejected, label, reason, number)
            return (
                render(stream, step: step, reason: reason, original: original, record: record, number: number),
                stream.rejects
            )
        }
    }

    private func check(
        _ stream: Stream, rejected: Int, _ label: String, _ reason: String, _ number: Int
    ) throws(TransformError) {
        let name = stream.descriptor.displayName
        if stream.policy.onError == .fail {
            throw TransformError(
                "Stream '\(name)' rejected a record at line \(number) in \(label) (\(reason)), and 'transform_errors.on_error' is 'fail'; fix the record or the step, or set 'on_error' to 'reject'.",
                stream: stream.descriptor.descriptor, rejected: rejected)
        }
        if let limit = stream.policy.maxRejected, rejected > limit {
            throw TransformError(
                "Stream '\(name)' rejected \(rejected) records, more than its 'transform_errors.max_rejected' of \(limit) (the last at line \(number) in \(label): \(reason)); fix the records or the steps, or raise 'max_rejected'.",
                stream: stream.descriptor.descriptor, rejected: rejected)
        }
    }

    /// The reject object `{"line":…,"stream":…,"namespace":…,"step":{…},"reason":…,"record":{…}}` as a view.
    private func render(
        _ stream: Stream, step: Int, reason: String, original: JSONSpan, record: RecordView, number: Int
    ) -> RecordView {
        var head = "{\"line\":\(number),\"stream\":"
        JSONValue.writeString(stream.descriptor.name, to: &head)
        head += ",\"namespace\":"
        if let namespace = stream.descriptor.namespace {
            JSONValue.writeString(namespace, to: &head)
        } else {
            head += "null"
        }
        let definition = stream.pipeline.steps[step]
        head += ",\"step\":{\"index\":\(step + 1),\"kind\":\"\(definition.kind.rawValue)\""
        if let name = definition.name {
            head += ",\"name\":"
            JSONValue.writeString(name, to: &head)
        }
        head += "},\"reason\":"
        JSONValue.writeString(reason, to: &head)
        head += ",\"record\":"
        reject.count = 0
        reject.append(Array(head.utf8))
        let length = original.end - original.start
        let p = reject.reserve(length + 1)
        let written = JSONCompactor.write(
            record.line.baseAddress! + original.start, count: length, compacting: true, to: p)
        p[written] = UInt8(ascii: "}")
        reject.count += written + 1
        let bytes = UnsafeBufferPointer(start: UnsafePointer(reject.base), count: reject.count)
        return RecordView(
            line: bytes, emittedAt: JSONSpan(start: 0, end: 0, kind: .number),
            data: JSONSpan(start: 0, end: bytes.count, kind: .object),
            members: UnsafeBufferPointer(start: nil, count: 0))
    }

    /// Logs, per stream with transforms, how many records were written, filtered and rejected.
    package func logSummary(to logger: Logger) {
        for (index, stream) in streams.enumerated() {
            guard let stream else { continue }
            let counts = tally[index]
            logger.info(
                "Transforms finished.",
                metadata: [
                    "stream": "\(stream.descriptor.displayName)", "written": "\(counts.written)",
                    "filtered": "\(counts.filtered)", "rejected": "\(counts.rejected)",
                ])
        }
    }

    /// The counts over every stream.
    package var total: Counts {
        counts.reduce(into: Counts()) {
            $0.written += $1.written
            $0.filtered += $1.filtered
            $0.rejected += $1.rejected
        }
    }
}
