import Expressions

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a JSON key or value of a record being transformed lies: in the record's input line, or in the
/// transformer's arena (computed values, copied keys, rewritten objects).
struct Piece {
    var start: Int
    var end: Int
    var kind: JSONKind
    var flags: JSONFlags
    var inArena: Bool

    @inline(__always)
    init(_ span: JSONSpan, inArena: Bool) {
        start = span.start
        end = span.end
        kind = span.kind
        flags = span.flags
        self.inArena = inArena
    }

    var count: Int { end - start }
    var span: JSONSpan { JSONSpan(start: start, end: end, kind: kind, flags: flags) }
}

/// One root member of a record being transformed.
struct WorkingMember {
    var key: Piece
    var value: Piece
}

/// Reads a record being transformed: its root members, and below them the JSON text of their values.
///
/// Holds plain pointers (the line, the arena, the member table, the current expression's compiled paths), valid
/// while the record is being transformed and the arena does not grow; it allocates nothing.
struct WorkingRecord: AttributeResolver {
    let line: UnsafePointer<UInt8>
    let arena: UnsafePointer<UInt8>
    let members: UnsafePointer<WorkingMember>
    let count: Int
    /// The compiled paths of the expression being evaluated, by ``AttributePath/id``.
    var paths: UnsafePointer<FlatPath>

    @inline(__always)
    func base(_ piece: Piece) -> UnsafePointer<UInt8> { piece.inArena ? arena : line }

    @inline(__always)
    mutating func value(at path: UnsafePointer<AttributePath>) -> AttributeValue {
        guard let piece = find(paths[path.pointee.id]) else { return .missing }
        let base = base(piece)
        switch piece.kind {
        case .string:
            return .string(
                UnsafeBufferPointer(start: base + piece.start + 1, count: piece.count - 2),
                escaped: piece.flags.contains(.escape))
        case .number: return .number(UnsafeBufferPointer(start: base + piece.start, count: piece.count))
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .null: return .null
        case .object, .array: return .json(UnsafeBufferPointer(start: base + piece.start, count: piece.count))
        }
    }

    /// The index of the first root member named by the `count` bytes at `name`.
    @inline(__always)
    func member(named name: UnsafePointer<UInt8>, count length: Int) -> Int? {
        for index in 0..<count where Self.key(members[index].key, in: base(members[index].key), is: name, length) {
            return index
        }
        return nil
    }

    /// The index of `path`'s root member, trying the position it had in the previous record first.
    @inline(__always)
    func root(of path: FlatPath) -> Int? {
        let first = path.components[0]
        guard let name = first.name else { return nil }
        let hint = path.hint.pointee
        if hint < count, Self.key(members[hint].key, in: base(members[hint].key), is: name, first.value) {
            return hint
        }
        guard let index = member(named: name, count: first.value) else { return nil }
        path.hint.pointee = index
        return index
    }

    /// The value at `path`, from the root.
    @inline(__always)
    func find(_ path: FlatPath) -> Piece? {
        guard let index = root(of: path) else { return nil }
        var piece = members[index].value
        var k = 1
        while k < path.count {
            guard let next = child(of: piece, path.components[k]) else { return nil }
            piece = next
            k += 1
        }
        return piece
    }

    /// The member or element `component` of the object or array `piece`.
    func child(of piece: Piece, _ component: FlatComponent) -> Piece? {
        let base = base(piece)
        var scanner = JSONScanner(UnsafeBufferPointer(start: base, count: piece.end), position: piece.start + 1)
        var first = true
        if let name = component.name {
            guard piece.kind == .object else { return nil }
            while let key = try? scanner.nextKey(first: &first), let value = try? scanner.value() {
                if Self.key(Piece(key, inArena: piece.inArena), in: base, is: name, component.value) {
                    return Piece(value, inArena: piece.inArena)
                }
            }
            return nil
        }
        guard piece.kind == .array else { return nil }
        var index = 0
        while (try? scanner.nextElement(first: &first)) == true, let value = try? scanner.value() {
            if index == component.value { return Piece(value, inArena: piece.inArena) }
            index += 1
        }
        return nil
    }

    /// Whether the quoted key `key` (escapes and all) names the `count` UTF-8 bytes at `name` (no escapes).
    @inline(__always)
    static func key(_ key: Piece, in base: UnsafePointer<UInt8>, is name: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let length = key.count - 2
        let body = base + key.start + 1
        guard key.flags.contains(.escape) else {
            guard length == count else { return false }
            var i = 0
            while i < count {
                if body[i] != name[i] { return false }
                i += 1
            }
            return true
        }
        guard length >= count else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { scratch in
            let n = JSONString.decode(body, count: length, into: scratch.baseAddress!)
            return n == count && memcmp(scratch.baseAddress!, name, n) == 0
        }
    }
}
