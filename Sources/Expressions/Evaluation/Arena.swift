/// Scratch memory for the strings that one evaluation makes (`lower`, `upper`, `concat`, decoded escapes).
///
/// Allocation bumps a pointer. When a run needs more than the current block, extra blocks are added, so that no
/// string already handed out moves; at the next ``reset()`` they are merged into one block big enough for that run.
/// After the largest record has been seen, evaluations allocate nothing. Memory: at most twice the scratch the
/// most demanding record needed, plus 4 KiB.
struct Arena: ~Copyable {
    private var block: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0
    private var extraBlocks: [UnsafeMutablePointer<UInt8>] = []
    private var extraBytes = 0

    init(capacity: Int = 4096) {
        self.capacity = capacity
        self.block = .allocate(capacity: capacity)
    }

    deinit {
        block.deallocate()
        for extra in extraBlocks { extra.deallocate() }
    }

    /// Room for `count` bytes, valid until the next ``reset()``.
    @inline(__always)
    mutating func allocate(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if capacity - used >= count {
            defer { used += count }
            return block + used
        }
        return allocateExtra(count)
    }

    private mutating func allocateExtra(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        let extra = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count, 1))
        extraBlocks.append(extra)
        extraBytes += count
        return extra
    }

    /// Gives back everything allocated since the last reset.
    @inline(__always)
    mutating func reset() {
        used = 0
        if !extraBlocks.isEmpty { merge() }
    }

    private mutating func merge() {
        for extra in extraBlocks { extra.deallocate() }
        extraBlocks.removeAll(keepingCapacity: true)
        var newCapacity = capacity
        while newCapacity < capacity + extraBytes { newCapacity *= 2 }
        extraBytes = 0
        block.deallocate()
        block = .allocate(capacity: newCapacity)
        capacity = newCapacity
    }
}
