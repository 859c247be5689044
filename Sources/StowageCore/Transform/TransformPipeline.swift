/// A stream's transform steps, compiled once when the config is loaded and run per record by
/// ``RecordTransformer``.
package struct TransformPipeline: Sendable {
    package var steps: [TransformStep]

    package init(steps: [TransformStep]) {
        self.steps = steps
    }

    /// Whether a step can change a record; a pipeline of filters only passes records through as they came.
    package var reshapes: Bool {
        steps.contains { $0.kind != .filter }
    }
}
