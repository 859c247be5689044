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
/// Holds plain pointers (the line, the arena, the member table), valid while the record is being transformed and
/// the arena does not grow; it allocates nothing.
struct WorkingRecord: AttributeResolver {
    let line: UnsafePointer<UInt8>
    let arena: UnsafePointer<UInt8>
    let members: UnsafePointer<WorkingMember>
    let count: Int

    @inline(__always)
    func base(_ piece: Piece) -> UnsafePointer<UInt8> { piece.inArena ? arena : line }

    mutating func value(at path: borrowing AttributePath) -> AttributeValue {
        guard let piece = find(path.components[...]) else { return .missing }
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

    /// The index of the first root member named `name`.
    @inline(__always)
    func member(named name: [UInt8]) -> Int? {
        name.withUnsafeBufferPointer { name in
            for index in 0..<count where Self.key(members[index].key, in: base(members[index].key), is: name) {
                return index
            }
            return nil
        }
    }

    /// The value at `components`, a path from the root.
    func find(_ components: ArraySlice<AttributePath.Component>) -> Piece? {
        guard case .member(let name)? = components.first, let index = member(named: name) else { return nil }
        var piece = members[index].value
        for component in components.dropFirst() {
            guard let next = child(of: piece, component) else { return nil }
            piece = next
        }
        return piece
    }

    /// The member or element `component` of the object or array `piece`.
    func child(of piece: Piece, _ component: AttributePath.Component) -> Piece? {
        let base = base(piece)
        var scanner = JSONScanner(UnsafeBufferPointer(start: base, count: piece.end), position: piece.start + 1)
        var first = true
        switch component {
        case .member(let name):
            guard piece.kind == .object else { return nil }
            return name.withUnsafeBufferPointer { name in
                while let key = try? scanner.nextKey(first: &first), let value = try? scanner.value() {
                    if Self.key(Piece(key, inArena: piece.inArena), in: base, is: name) {
                        return Piece(value, inArena: piece.inArena)
                    }
                }
                return nil
            }
        case .index(let wanted):
            guard piece.kind == .array else { return nil }
            var index = 0
            while (try? scanner.nextElement(first: &first)) == true, let value = try? scanner.value() {
                if index == wanted { return Piece(value, inArena: piece.inArena) }
                index += 1
            }
            return nil
        }
    }

    /// Whether the quoted key `key` (escapes and all) names `name`, UTF-8 bytes without escapes.
    @inline(__always)
    static func key(_ key: Piece, in base: UnsafePointer<UInt8>, is name: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = key.count - 2
        guard let wanted = name.baseAddress else { return length == 0 }
        guard key.flags.contains(.escape) else {
            return length == name.count && memcmp(base + key.start + 1, wanted, length) == 0
        }
        guard length >= name.count else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { scratch in
            let n = JSONString.decode(base + key.start + 1, count: length, into: scratch.baseAddress!)
            return n == name.count && memcmp(scratch.baseAddress!, wanted, n) == 0
        }
    }
}
