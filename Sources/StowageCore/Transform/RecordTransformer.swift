import Expressions

/// Runs a stream's ``TransformPipeline`` on one record at a time, keeping the record as bytes.
///
/// The record's root members start as spans of its input line; steps change the member table and write computed
/// values, copied keys and rewritten objects into an arena. A record that a step changed is rendered once as compact
/// JSON (`{"k":v,…}`, then its `emitted_at`) into a reusable buffer and re-scanned into a ``RecordView`` over that
/// buffer, valid until the next call; a record no step changed is passed on as it came, never re-rendered. After the
/// largest record has been seen nothing is allocated. Memory: a few times the largest record's bytes (arena,
/// rendered record, member tables). One per writing thread.
final class RecordTransformer {
    /// What the steps made of a record.
    enum Outcome {
        /// No step changed it: write the record as it came.
        case unchanged
        /// The record as the steps left it, valid until the next call.
        case changed(RecordView)
        /// A filter dropped it.
        case filtered
        /// A step failed on it: the step's 0-based index, and why.
        case rejected(step: Int, reason: String)
    }

    private var evaluator = Evaluator()
    private let arena = OutputBuffer(capacity: 4096)
    private let rendered = OutputBuffer(capacity: 4096)
    private let result = OutputBuffer(capacity: 256)
    private var listed = MemberList()
    private var members: UnsafeMutablePointer<WorkingMember>
    private var spare: UnsafeMutablePointer<WorkingMember>
    private var capacity = 64
    private var count = 0
    private var spareCount = 0
    private var line: UnsafePointer<UInt8> = UnsafePointer(bitPattern: 1)!

    init() {
        members = .allocate(capacity: capacity)
        spare = .allocate(capacity: capacity)
    }

    deinit {
        members.deallocate()
        spare.deallocate()
    }

    /// Runs every step of `pipeline` on `record`, in order, until a filter drops it or a step fails.
    func run(_ pipeline: TransformPipeline, on record: RecordView) -> Outcome {
        line = record.line.baseAddress!
        arena.count = 0
        count = 0
        reserve(record.members.count)
        for member in record.members {
            members[count] = WorkingMember(
                key: Piece(member.key, inArena: false), value: Piece(member.value, inArena: false))
            count += 1
        }
        var changed = false
        for (index, step) in pipeline.steps.enumerated() {
            do throws(EvaluationError) {
                switch step.action {
                case .filter(let expression):
                    var resolver = working
                    guard try evaluator.test(expression, resolver: &resolver) else { return .filtered }
                case .math(let target, let expression):
                    var resolver = working
                    let value = try evaluator.evaluate(expression, resolver: &resolver)
                    if case .missing = value { continue }
                    set(target, to: store(value))
                    changed = true
                case .selectAttributes(let copies):
                    select(copies)
                    changed = true
                case .removeAttributes(let paths):
                    for path in paths where remove(path.components[...]) { changed = true }
                case .addAttributes(let copies):
                    for copy in copies {
                        guard let piece = working.find(copy.source.components[...]) else { continue }
                        set(copy.target, to: piece)
                        changed = true
                    }
                }
            } catch {
                return .rejected(step: index, reason: error.description)
            }
        }
        guard changed else { return .unchanged }
        return render(emittedAt: record.emittedAt, lastStep: pipeline.steps.count - 1)
    }

    /// The record as the steps have left it so far, for reading.
    private var working: WorkingRecord {
        WorkingRecord(line: line, arena: UnsafePointer(arena.base), members: members, count: count)
    }

    /// Makes both member tables hold at least `needed` members.
    private func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var bigger = capacity * 2
        while bigger < needed { bigger *= 2 }
        let grown = UnsafeMutablePointer<WorkingMember>.allocate(capacity: bigger)
        grown.moveInitialize(from: members, count: count)
        members.deallocate()
        members = grown
        let grownSpare = UnsafeMutablePointer<WorkingMember>.allocate(capacity: bigger)
        grownSpare.moveInitialize(from: spare, count: spareCount)
        spare.deallocate()
        spare = grownSpare
        capacity = bigger
    }

    /// Copies `bytes` to the end of the arena and returns where they start.
    private func append(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int {
        let start = arena.count
        arena.append(bytes, count: count)
        return start
    }

    /// A computed value written into the arena as JSON.
    private func store(_ value: Value) -> Piece {
        result.count = 0
        let written = value.writeJSON(into: result.reserve(value.maximumJSONLength))
        let start = append(result.base, count: written)
        var scanner = JSONScanner(UnsafeBufferPointer(start: arena.base, count: arena.count), position: start)
        let span = (try? scanner.value()) ?? JSONSpan(start: start, end: start + written, kind: .null)
        return Piece(span, inArena: true)
    }

    /// A target's quoted name written into the arena, as a key.
    private func key(_ target: TransformStep.TargetName) -> Piece {
        let start = target.quoted.withUnsafeBufferPointer { append($0.baseAddress!, count: $0.count) }
        let span = JSONSpan(
            start: start, end: start + target.quoted.count, kind: .string, flags: target.escaped ? .escape : [])
        return Piece(span, inArena: true)
    }

    /// Sets the root attribute `target` to `value`: in place when the record has it, else as its last member.
    private func set(_ target: TransformStep.TargetName, to value: Piece) {
        if let index = working.member(named: target.name) {
            members[index].value = value
            return
        }
        reserve(count + 1)
        members[count] = WorkingMember(key: key(target), value: value)
        count += 1
    }

    /// Replaces the members with the listed paths' values, each under its target name, in the listed order.
    private func select(_ copies: [TransformStep.Copy]) {
        spareCount = 0
        reserve(copies.count)
        for copy in copies {
            guard let value = working.find(copy.source.components[...]) else { continue }
            let selected = WorkingRecord(
                line: line, arena: UnsafePointer(arena.base), members: spare, count: spareCount)
            if let index = selected.member(named: copy.target.name) {
                spare[index].value = value
                continue
            }
            spare[spareCount] = WorkingMember(key: key(copy.target), value: value)
            spareCount += 1
        }
        let previous = members
        members = spare
        spare = previous
        count = spareCount
    }

    /// Removes the value at `components`; whether there was one.
    private func remove(_ components: ArraySlice<AttributePath.Component>) -> Bool {
        guard case .member(let name)? = components.first, let index = working.member(named: name) else { return false }
        if components.count == 1 {
            for later in index + 1..<count { members[later - 1] = members[later] }
            count -= 1
            _ = remove(components)  // a name given twice in the input
            return true
        }
        guard let rewritten = without(members[index].value, components.dropFirst()) else { return false }
        members[index].value = rewritten
        return true
    }

    /// `container` rewritten into the arena without the value at `components`, or nil when it has none.
    private func without(_ container: Piece, _ components: ArraySlice<AttributePath.Component>) -> Piece? {
        let component = components.first!
        guard components.count > 1 else { return rewrite(container, at: component, with: nil) }
        guard let inner = working.child(of: container, component),
            let replacement = without(inner, components.dropFirst())
        else { return nil }
        return rewrite(container, at: component, with: replacement)
    }

    /// `container` copied compactly into the arena with its element `component` dropped, or replaced by
    /// `replacement` (a piece of the arena); nil when it has no such element.
    private func rewrite(
        _ container: Piece, at component: AttributePath.Component, with replacement: Piece?
    ) -> Piece? {
        let bound = container.count + (replacement?.count ?? 0) + 2
        let out = arena.reserve(bound)
        let start = arena.count
        let base = container.inArena ? UnsafePointer(arena.base) : line
        var scanner = JSONScanner(UnsafeBufferPointer(start: base, count: container.end), position: container.start + 1)
        var first = true
        var found = false
        var o = 1
        out[0] = container.kind == .object ? UInt8(ascii: "{") : UInt8(ascii: "[")
        func emit(_ key: JSONSpan?, _ value: JSONSpan, _ from: UnsafePointer<UInt8>) {
            if o > 1 {
                out[o] = UInt8(ascii: ",")
                o += 1
            }
            if let key {
                (out + o).update(from: base + key.start, count: key.end - key.start)
                o += key.end - key.start
                out[o] = UInt8(ascii: ":")
                o += 1
            }
            o += JSONCompactor.write(
                from + value.start, count: value.end - value.start, compacting: value.flags.contains(.whitespace),
                to: out + o)
        }
        switch component {
        case .member(let name):
            guard container.kind == .object else { return nil }
            name.withUnsafeBufferPointer { name in
                while let key = try? scanner.nextKey(first: &first), let value = try? scanner.value() {
                    if !found, WorkingRecord.key(Piece(key, inArena: container.inArena), in: base, is: name) {
                        found = true
                        if let replacement { emit(key, replacement.span, UnsafePointer(arena.base)) }
                        continue
                    }
                    emit(key, value, base)
                }
            }
        case .index(let wanted):
            guard container.kind == .array else { return nil }
            var index = 0
            while (try? scanner.nextElement(first: &first)) == true, let value = try? scanner.value() {
                defer { index += 1 }
                if index == wanted {
                    found = true
                    if let replacement { emit(nil, replacement.span, UnsafePointer(arena.base)) }
                    continue
                }
                emit(nil, value, base)
            }
        }
        guard found else { return nil }
        out[o] = container.kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        o += 1
        arena.count += o
        return Piece(JSONSpan(start: start, end: start + o, kind: container.kind), inArena: true)
    }

    /// The members as one compact JSON object followed by `emitted_at`, re-scanned into a view of the buffer.
    private func render(emittedAt: JSONSpan, lastStep: Int) -> Outcome {
        var bound = 2 + emittedAt.end - emittedAt.start
        for index in 0..<count { bound += members[index].key.count + members[index].value.count + 2 }
        rendered.count = 0
        let out = rendered.reserve(bound)
        let arenaBase = UnsafePointer(arena.base)
        var o = 1
        out[0] = UInt8(ascii: "{")
        for index in 0..<count {
            if index > 0 {
                out[o] = UInt8(ascii: ",")
                o += 1
            }
            let key = members[index].key
            (out + o).update(from: (key.inArena ? arenaBase : line) + key.start, count: key.count)
            o += key.count
            out[o] = UInt8(ascii: ":")
            o += 1
            let value = members[index].value
            o += JSONCompactor.write(
                (value.inArena ? arenaBase : line) + value.start, count: value.count,
                compacting: value.flags.contains(.whitespace), to: out + o)
        }
        out[o] = UInt8(ascii: "}")
        o += 1
        let dataEnd = o
        (out + o).update(from: line + emittedAt.start, count: emittedAt.end - emittedAt.start)
        o += emittedAt.end - emittedAt.start
        rendered.count = o
        let bytes = UnsafeBufferPointer(start: UnsafePointer(rendered.base), count: o)
        listed.count = 0
        var scanner = JSONScanner(UnsafeBufferPointer(rebasing: bytes[0..<dataEnd]))
        guard let data = try? scanner.object(listingInto: &listed) else {
            return .rejected(step: lastStep, reason: "the transformed record is not valid JSON")
        }
        return .changed(
            RecordView(
                line: bytes, emittedAt: JSONSpan(start: dataEnd, end: o, kind: .number), data: data,
                members: listed.members))
    }
}
