/// The members of one JSON object as spans, collected while the line is validated, so nothing is scanned twice.
///
/// Backed by raw memory owned by ``MemberListStorage`` so that reading it in the hot path costs no reference
/// counting. Memory: 48 bytes per member of the widest object seen.
package struct MemberList {
    package struct Member {
        package var key: JSONSpan
        package var value: JSONSpan
    }

    private let storage: MemberListStorage
    package var count = 0

    package init() {
        storage = MemberListStorage()
    }

    package var members: UnsafeBufferPointer<Member> { UnsafeBufferPointer(start: storage.base, count: count) }

    @inline(__always)
    package mutating func append(key: JSONSpan, value: JSONSpan) {
        if count == storage.capacity { storage.grow() }
        storage.base[count] = Member(key: key, value: value)
        count += 1
    }
}

/// The memory behind a ``MemberList``.
final class MemberListStorage {
    var base: UnsafeMutablePointer<MemberList.Member>
    var capacity = 64

    init() { base = .allocate(capacity: capacity) }

    deinit { base.deallocate() }

    func grow() {
        let bigger = UnsafeMutablePointer<MemberList.Member>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: capacity)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}

extension JSONScanner {
    /// Reads an object at the current `{`, validating it and appending its members to `list`; returns its span.
    package mutating func object(listingInto list: inout MemberList) throws(JSONSyntaxError) -> JSONSpan {
        try object { key, value in list.append(key: key, value: value) }
    }
}

extension JSONScanner {
    /// Like ``object(listingInto:)``, comparing each member's key with the one `shape` knows at its place first:
    /// when the bytes are the same, the key is taken as read before; else it is scanned and learnt.
    package mutating func object(listingInto list: inout MemberList, shape: inout LineShape) throws(JSONSyntaxError)
        -> JSONSpan
    {
        try enclosed(kind: .object) { (scanner: inout JSONScanner) throws(JSONSyntaxError) -> JSONFlags in
            var flags: JSONFlags = []
            var first = true
            var index = 0
            while true {
                let at = scanner.position
                let key: JSONSpan
                if let known = shape.key(index, at: scanner.bytes + at, available: scanner.count - at) {
                    key = JSONSpan(start: at + known.start, end: at + known.end, kind: .string, flags: known.flags)
                    scanner.position = at + known.length
                    scanner.skipWhitespace()
                    first = false
                } else {
                    guard let scanned = try scanner.nextKey(first: &first) else { break }
                    key = scanned
                    // Only a key written without whitespace around it is learnt: its bytes end at its colon.
                    let start = index == 0 ? scanned.start : scanned.start - 1
                    if start == at && scanner.bytes[scanned.end] == UInt8(ascii: ":") {
                        let string = (start: scanned.start - at, end: scanned.end - at)
                        shape.learnKey(index, (scanner.bytes + at, scanned.end + 1 - at, string, scanned.flags))
                    } else {
                        shape.learnKey(index, nil)
                    }
                }
                let value = try scanner.value()
                flags.formUnion(key.flags)
                flags.formUnion(value.flags)
                list.append(key: key, value: value)
                index += 1
            }
            return flags
        }
    }
}
