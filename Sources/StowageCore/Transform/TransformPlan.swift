import Expressions

/// A member name or array index of a compiled path: `name` points at the name's UTF-8 bytes (`value` of them), or
/// is nil for the index `value`.
struct FlatComponent {
    var name: UnsafePointer<UInt8>?
    var value: Int
}

/// An attribute path in raw memory, so that following it per record costs no reference counting.
struct FlatPath {
    var components: UnsafePointer<FlatComponent>
    var count: Int
    /// Where the root member was found in the previous record: records of a stream nearly always list their
    /// members in the same order, so that position is tried first. Written by the one thread running the plan.
    var hint: UnsafeMutablePointer<Int>
}

/// A root attribute a step writes, in raw memory: its UTF-8 name and its quoted, escaped JSON key.
struct FlatName {
    var name: UnsafePointer<UInt8>
    var count: Int
    var quoted: UnsafePointer<UInt8>
    var quotedCount: Int
    /// What the scanner would flag in ``quoted``: a backslash escape, bytes above 0x7F.
    var flags: JSONFlags
}

/// One source path and the root attribute its value goes to.
struct FlatCopy {
    var source: FlatPath
    var target: FlatName
}

/// One step of a ``TransformPlan``: plain values and pointers only.
struct FlatStep {
    var kind: TransformStep.Kind
    /// For `filter` and `math`, the expression's program (its expression kept alive by the plan).
    var program: ProgramView?
    /// For `filter` and `math`, the expression's paths by ``AttributePath/id``; for `removeAttributes`, the paths.
    var paths: UnsafePointer<FlatPath>
    var pathCount: Int
    /// For `math`, the attribute it sets.
    var target: FlatName
    /// For `selectAttributes` and `addAttributes`.
    var copies: UnsafePointer<FlatCopy>
    var copyCount: Int
    /// Whether no two copies have the same target, so a copy never replaces an earlier one.
    var uniqueTargets: Bool
}

/// A ``TransformPipeline`` laid out in raw memory for ``RecordTransformer``: every path, name and step as plain
/// values, so that running it per record does no reference counting or exclusivity checks. Built once per stream
/// when a sync starts; immutable afterwards. Memory: a few bytes per character of the definition.
final class TransformPlan {
    let steps: UnsafeMutableBufferPointer<FlatStep>
    /// The definition, which keeps the filter and math expressions alive for their programs (``FlatStep/program``).
    private let pipeline: TransformPipeline
    private var allocations: [UnsafeMutableRawPointer] = []

    let stepCount: Int

    init(_ pipeline: TransformPipeline) {
        stepCount = pipeline.steps.count
        steps = .allocate(capacity: max(stepCount, 1))
        self.pipeline = pipeline
        for (index, step) in pipeline.steps.enumerated() {
            var flat = FlatStep(
                kind: step.kind, program: nil, paths: UnsafePointer(bitPattern: 8)!, pathCount: 0,
                target: name(TransformStep.TargetName("_")), copies: UnsafePointer(bitPattern: 8)!, copyCount: 0,
                uniqueTargets: true)
            switch step.action {
            case .filter(let expression):
                flat.program = expression.view
                (flat.paths, flat.pathCount) = paths(expression.paths)
            case .math(let target, let expression):
                flat.program = expression.view
                (flat.paths, flat.pathCount) = paths(expression.paths)
                flat.target = name(target)
            case .removeAttributes(let list):
                (flat.paths, flat.pathCount) = paths(list)
            case .selectAttributes(let copies), .addAttributes(let copies):
                let out = allocate(FlatCopy.self, copies.count)
                for (k, copy) in copies.enumerated() {
                    out[k] = FlatCopy(source: path(copy.source), target: name(copy.target))
                }
                (flat.copies, flat.copyCount) = (UnsafePointer(out), copies.count)
                flat.uniqueTargets = Set(copies.map(\.target.name)).count == copies.count
            }
            steps[index] = flat
        }
    }

    deinit {
        steps.deallocate()
        for allocation in allocations { allocation.deallocate() }
    }

    private func allocate<T>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        allocations.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    private func bytes(_ bytes: [UInt8]) -> UnsafePointer<UInt8> {
        let out = allocate(UInt8.self, bytes.count)
        out.initialize(from: bytes, count: bytes.count)
        return UnsafePointer(out)
    }

    private func name(_ target: TransformStep.TargetName) -> FlatName {
        FlatName(
            name: bytes(target.name), count: target.name.count, quoted: bytes(target.quoted),
            quotedCount: target.quoted.count,
            flags: (target.escaped ? JSONFlags.escape : []).union(target.name.contains { $0 > 0x7F } ? .nonASCII : []))
    }

    private func path(_ path: AttributePath) -> FlatPath {
        let out = allocate(FlatComponent.self, path.components.count)
        for (k, component) in path.components.enumerated() {
            switch component {
            case .member(let name): out[k] = FlatComponent(name: bytes(name), value: name.count)
            case .index(let index): out[k] = FlatComponent(name: nil, value: index)
            }
        }
        let hint = allocate(Int.self, 1)
        hint.initialize(to: 0)
        return FlatPath(components: UnsafePointer(out), count: path.components.count, hint: hint)
    }

    /// `list` in raw memory, each path at its position (which is its ``AttributePath/id`` for an expression's).
    private func paths(_ list: [AttributePath]) -> (UnsafePointer<FlatPath>, Int) {
        let out = allocate(FlatPath.self, list.count)
        for (k, item) in list.enumerated() { out[k] = path(item) }
        return (UnsafePointer(out), list.count)
    }
}
