import Expressions

/// Runs a stream's ``TransformPlan`` on one record at a time, keeping the record as bytes.
///
/// The record's root members start as spans of its input line; steps change the member table and write computed
/// values, copied keys and rewritten objects into an arena. A record that a step changed is rendered once as compact
/// JSON (`{"k":v,…}`, then its `emitted_at`), its members listed as they are written, into the caller's buffer or a
/// reusable one of its own; a record no step changed is passed on as it came, never re-rendered. After the largest
/// record has been seen nothing is allocated. Memory: a few times the largest record's bytes (arena,
/// rendered record, member tables). One per thread (see ``TransformRunner``).
struct RecordTransformer: ~Copyable {
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
    private var arena = ScratchBytes(capacity: 4096)
    private var result = ScratchBytes(capacity: 256)
    /// Where ``run(_:on:)`` renders a record, and its members.
    private let rendered = OutputBuffer(capacity: 4096)
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

    /// Runs every step of `plan` on `record`, in order, until a filter drops it or a step fails; a changed record
    /// is valid until the next call.
    mutating func run(_ plan: TransformPlan, on record: RecordView) -> Outcome {
        rendered.count = 0
        // A copy of the list (it shares the storage): `listed` itself cannot be passed inout to a method of self.
        var members = listed
        members.count = 0
        defer { listed = members }
        return run(plan, on: record, renderingInto: rendered, members: &members)
    }

    /// ``run(_:on:)``, rendering a changed record at the end of `bytes` and appending its members to `members`;
    /// the changed record is valid until either grows.
    mutating func run(
        _ plan: TransformPlan, on record: RecordView, renderingInto bytes: OutputBuffer, members list: inout MemberList
    ) -> Outcome {
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
        let steps = plan.steps.baseAddress!
        for index in 0..<plan.stepCount {
            let step = steps[index]
            do throws(EvaluationError) {
                switch step.kind {
                case .filter:
                    var resolver = working(step.paths)
                    guard try evaluator.test(step.program!, resolver: &resolver) else {
                        return .filtered
                    }
                case .math:
                    var resolver = working(step.paths)
                    let value = try evaluator.evaluate(step.program!, resolver: &resolver)
                    if case .missing = value { continue }
                    let piece = store(value)
                    set(step.target, to: piece)
                    changed = true
                case .selectAttributes:
                    select(step.copies, step.copyCount, uniqueTargets: step.uniqueTargets)
                    changed = true
                case .removeAttributes:
                    for k in 0..<step.pathCount where remove(step.paths[k]) { changed = true }
                case .addAttributes:
                    for k in 0..<step.copyCount {
                        guard let piece = working().find(step.copies[k].source) else { continue }
                        set(step.copies[k].target, to: piece)
                        changed = true
                    }
                }
            } catch {
                return .rejected(step: index, reason: error.description)
            }
        }
        guard changed else { return .unchanged }
        return render(emittedAt: record.emittedAt, into: bytes, &list)
    }

    /// The record as the steps have left it so far, for reading; `paths` for an expression's attributes.
    @inline(__always)
    private func working(_ paths: UnsafePointer<FlatPath> = UnsafePointer(bitPattern: 8)!) -> WorkingRecord {
        WorkingRecord(line: line, arena: UnsafePointer(arena.base), members: members, count: count, paths: paths)
    }

    /// Makes both member tables hold at least `needed` members.
    private mutating func reserve(_ needed: Int) {
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

    /// A computed value written into the arena as JSON.
    private mutating func store(_ value: Value) -> Piece {
        switch value {
        case .integer, .number:
            // Numbers borrow nothing, so they go straight into the arena.
            let start = arena.count
            let written = value.writeJSON(into: arena.reserve(value.maximumJSONLength))
            arena.count += written
            return Piece(JSONSpan(start: start, end: start + written, kind: .number), inArena: true)
        default: break
        }
        result.count = 0
        let written = value.writeJSON(into: result.reserve(value.maximumJSONLength))
        let start = arena.append(result.base, count: written)
        var scanner = JSONScanner(UnsafeBufferPointer(start: arena.base, count: arena.count), position: start)
        let span = (try? scanner.value()) ?? JSONSpan(start: start, end: start + written, kind: .null)
        return Piece(span, inArena: true)
    }

    /// A target's quoted name written into the arena, as a key.
    private mutating func key(_ target: FlatName) -> Piece {
        let start = arena.append(target.quoted, count: target.quotedCount)
        let span = JSONSpan(start: start, end: start + target.quotedCount, kind: .string, flags: target.flags)
        return Piece(span, inArena: true)
    }

    /// Sets the root attribute `target` to `value`: in place when the record has it, else as its last member.
    private mutating func set(_ target: FlatName, to value: Piece) {
        if let index = working().member(named: target.name, count: target.count) {
            members[index].value = value
            return
        }
        reserve(count + 1)
        members[count] = WorkingMember(key: key(target), value: value)
        count += 1
    }

    /// Replaces the members with the listed paths' values, each under its target name, in the listed order.
    private mutating func select(_ copies: UnsafePointer<FlatCopy>, _ copyCount: Int, uniqueTargets: Bool) {
        spareCount = 0
        reserve(copyCount)
        for k in 0..<copyCount {
            let copy = copies[k]
            let selected: WorkingMember
            if copy.source.count == 1 {
                // A root attribute keeps its own key, which names the target already.
                guard let index = working().root(of: copy.source) else { continue }
                selected = members[index]
            } else {
                guard let value = working().find(copy.source) else { continue }
                selected = WorkingMember(key: key(copy.target), value: value)
            }
            if !uniqueTargets {
                let earlier = WorkingRecord(
                    line: line, arena: UnsafePointer(arena.base), members: spare, count: spareCount,
                    paths: UnsafePointer(bitPattern: 8)!)
                if let index = earlier.member(named: copy.target.name, count: copy.target.count) {
                    spare[index].value = selected.value
                    continue
                }
            }
            spare[spareCount] = selected
            spareCount += 1
        }
        let previous = members
        members = spare
        spare = previous
        count = spareCount
    }

    /// Removes the value at `path`; whether there was one.
    private mutating func remove(_ path: FlatPath) -> Bool {
        let first = path.components[0]
        guard let name = first.name, let index = working().member(named: name, count: first.value) else {
            return false
        }
        if path.count == 1 {
            for later in index + 1..<count { members[later - 1] = members[later] }
            count -= 1
            _ = remove(path)  // a name given twice in the input
            return true
        }
        guard let rewritten = without(members[index].value, path, at: 1) else { return false }
        members[index].value = rewritten
        return true
    }

    /// `container` rewritten into the arena without the value at `path`'s components from `k` on, or nil when it
    /// has none.
    private mutating func without(_ container: Piece, _ path: FlatPath, at k: Int) -> Piece? {
        let component = path.components[k]
        guard k + 1 < path.count else { return rewrite(container, at: component, with: nil) }
        guard let inner = working().child(of: container, component),
            let replacement = without(inner, path, at: k + 1)
        else { return nil }
        return rewrite(container, at: component, with: replacement)
    }

    /// `container` copied compactly into the arena with its element `component` dropped, or replaced by
    /// `replacement` (a piece of the arena); nil when it has no such element.
    private mutating func rewrite(_ container: Piece, at component: FlatComponent, with replacement: Piece?) -> Piece? {
        let isObject = container.kind == .object
        guard isObject == (component.name != nil), isObject || container.kind == .array else { return nil }
        let out = arena.reserve(container.count + (replacement?.count ?? 0) + 2)
        let start = arena.count
        let arenaBase = UnsafePointer(arena.base)
        let base = container.inArena ? arenaBase : line
        var scanner = JSONScanner(UnsafeBufferPointer(start: base, count: container.end), position: container.start + 1)
        var first = true
        var found = false
        var o = 1
        // What a scan of the copy would flag: its keys' and values' flags, without whitespace.
        var flags: JSONFlags = []
        out[0] = isObject ? UInt8(ascii: "{") : UInt8(ascii: "[")
        func emit(_ key: JSONSpan?, _ value: JSONSpan, _ from: UnsafePointer<UInt8>) {
            if o > 1 {
                out[o] = UInt8(ascii: ",")
                o += 1
            }
            flags.formUnion(value.flags)
            if let key {
                flags.formUnion(key.flags)
                (out + o).update(from: base + key.start, count: key.end - key.start)
                o += key.end - key.start
                out[o] = UInt8(ascii: ":")
                o += 1
            }
            o += JSONCompactor.write(
                from + value.start, count: value.end - value.start, compacting: value.flags.contains(.whitespace),
                to: out + o)
        }
        if let name = component.name {
            while let key = try? scanner.nextKey(first: &first), let value = try? scanner.value() {
                if !found,
                    WorkingRecord.key(Piece(key, inArena: container.inArena), in: base, is: name, component.value)
                {
                    found = true
                    if let replacement { emit(key, replacement.span, arenaBase) }
                    continue
                }
                emit(key, value, base)
            }
        } else {
            var index = 0
            while (try? scanner.nextElement(first: &first)) == true, let value = try? scanner.value() {
                defer { index += 1 }
                if index == component.value {
                    found = true
                    if let replacement { emit(nil, replacement.span, arenaBase) }
                    continue
                }
                emit(nil, value, base)
            }
        }
        guard found else { return nil }
        out[o] = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        o += 1
        arena.count += o
        flags.remove(.whitespace)
        return Piece(JSONSpan(start: start, end: start + o, kind: container.kind, flags: flags), inArena: true)
    }

    /// Copies `count` bytes; short runs (most keys and values) without a call.
    @inline(__always)
    private static func copy(_ from: UnsafePointer<UInt8>, _ count: Int, to out: UnsafeMutablePointer<UInt8>) {
        guard count <= 16 else { return out.update(from: from, count: count) }
        var i = 0
        while i < count {
            out[i] = from[i]
            i += 1
        }
    }

    /// The members as one compact JSON object followed by `emitted_at`, at the end of `bytes`, listed into `list`
    /// as they are written.
    private mutating func render(emittedAt: JSONSpan, into bytes: OutputBuffer, _ list: inout MemberList) -> Outcome {
        var bound = 2 + emittedAt.end - emittedAt.start
        for index in 0..<count { bound += members[index].key.count + members[index].value.count + 2 }
        let out = bytes.reserve(bound)
        let first = list.count
        let arenaBase = UnsafePointer(arena.base)
        var o = 1
        var flags: JSONFlags = []
        out[0] = UInt8(ascii: "{")
        for index in 0..<count {
            if index > 0 {
                out[o] = UInt8(ascii: ",")
                o += 1
            }
            let key = members[index].key
            let keyStart = o
            Self.copy((key.inArena ? arenaBase : line) + key.start, key.count, to: out + o)
            o += key.count
            out[o] = UInt8(ascii: ":")
            o += 1
            let value = members[index].value
            let valueStart = o
            let from = (value.inArena ? arenaBase : line) + value.start
            if value.flags.contains(.whitespace) {
                o += JSONCompactor.write(from, count: value.count, compacting: true, to: out + o)
            } else {
                Self.copy(from, value.count, to: out + o)
                o += value.count
            }
            let valueFlags = value.flags.subtracting(.whitespace)
            list.append(
                key: JSONSpan(start: keyStart, end: keyStart + key.count, kind: .string, flags: key.flags),
                value: JSONSpan(start: valueStart, end: o, kind: value.kind, flags: valueFlags))
            flags.formUnion(key.flags)
            flags.formUnion(valueFlags)
        }
        out[o] = UInt8(ascii: "}")
        o += 1
        let dataEnd = o
        (out + o).update(from: line + emittedAt.start, count: emittedAt.end - emittedAt.start)
        o += emittedAt.end - emittedAt.start
        bytes.count += o
        return .changed(
            RecordView(
                line: UnsafeBufferPointer(start: UnsafePointer(out), count: o),
                emittedAt: JSONSpan(start: dataEnd, end: o, kind: .number),
                data: JSONSpan(start: 0, end: dataEnd, kind: .object, flags: flags),
                members: UnsafeBufferPointer(rebasing: list.members[first...])))
    }
}
