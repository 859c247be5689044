#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the record lines of a batch have in common, as ``MessageParser`` found them: the envelope up to the `data`
/// object, with the message read from it, and the member keys of the last `data` object.
///
/// A source writes every record of a stream with the same envelope (`{"type":"RECORD","record":{"stream":"…",
/// "data":`) and, most often, the same keys in the same order. Bytes equal to bytes already validated parse the same
/// way wherever they stand, so the parser takes what it read from them before and compares memory in place of
/// scanning: the envelope once a line, each key with its separators (`,"ts":`) once a member. Anything else is
/// scanned as usual, and becomes what the next line is compared with. Memory: at most ``maximumPrefixLength`` bytes
/// of envelope and ``maximumKeys`` keys of at most ``maximumKeyLength`` bytes.
package struct LineShape {
    static let maximumPrefixLength = 240
    static let maximumKeys = 64
    static let maximumKeyLength = 64

    /// One known key: its bytes from the member's start (the `,` but for the first member) to its `:`.
    private struct Key {
        var start: Int
        var length: Int
        /// Where the key's string, quotes included, lies within those bytes.
        var stringStart: Int
        var stringEnd: Int
        var flags: JSONFlags
    }

    private var prefix: [UInt8] = []
    /// The message as read up to the `data` object: spans within the prefix, the record's start.
    private(set) var message = Message()
    private var keyBytes: [UInt8] = []
    private var keys: [Key] = []

    package init() {}

    /// The envelope's length in bytes; 0 before a record has been read.
    var prefixLength: Int { prefix.count }

    /// Whether `line` begins with the envelope and goes on past it.
    @inline(__always)
    func begins(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = prefix.count
        guard count > 0, line.count > count else { return false }
        return prefix.withUnsafeBufferPointer { memcmp(line.baseAddress!, $0.baseAddress!, count) == 0 }
    }

    /// Keeps `start`, a line up to its `data` object, with the message read from it.
    mutating func remember(_ start: UnsafeBufferPointer<UInt8>, _ message: Message) {
        guard start.count <= Self.maximumPrefixLength else { return }
        prefix.removeAll(keepingCapacity: true)
        prefix.append(contentsOf: start)
        self.message = message
    }

    /// How many of the `data` object's keys are known.
    var knownKeyCount: Int { keys.count }

    /// When the `available` bytes at `p` begin with the known key of member `index`: the key's string span
    /// relative to `p`, its flags, and how many bytes the key and its separators take.
    @inline(__always)
    func key(_ index: Int, at p: UnsafePointer<UInt8>, available: Int)
        -> (start: Int, end: Int, flags: JSONFlags, length: Int)?
    {
        guard index < keys.count else { return nil }
        return keys.withUnsafeBufferPointer { keys in
            let key = keys[index]
            guard key.length <= available else { return nil }
            let equal = keyBytes.withUnsafeBufferPointer {
                ShortBytes.equal($0.baseAddress! + key.start, p, count: key.length)
            }
            return equal ? (key.stringStart, key.stringEnd, key.flags, key.length) : nil
        }
    }

    /// Learns the key of member `index` in place of the one known there, and forgets the keys after it: `key` is the
    /// `count` bytes at `p` from the member's start to its `:`, with the key string at `string` (relative to `p`);
    /// nil for a key that cannot be compared as bytes (whitespace around it).
    mutating func learnKey(
        _ index: Int, _ key: (p: UnsafePointer<UInt8>, count: Int, string: (start: Int, end: Int), flags: JSONFlags)?
    ) {
        if index < keys.count {
            keyBytes.removeSubrange(keys[index].start...)
            keys.removeSubrange(index...)
        }
        guard let key, index == keys.count, index < Self.maximumKeys, key.count <= Self.maximumKeyLength else { return }
        keys.append(
            Key(
                start: keyBytes.count, length: key.count, stringStart: key.string.start, stringEnd: key.string.end,
                flags: key.flags))
        keyBytes.append(contentsOf: UnsafeBufferPointer(start: key.p, count: key.count))
    }
}
