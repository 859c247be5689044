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
