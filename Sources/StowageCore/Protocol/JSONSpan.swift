/// The kind of a JSON value found by ``JSONScanner``.
package enum JSONKind: UInt8, Sendable, CustomStringConvertible {
    case string, number, object, array, `true`, `false`, null

    package var description: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .object: "an object"
        case .array: "an array"
        case .true, .false: "a boolean"
        case .null: "null"
        }
    }
}

/// Facts about a value's bytes that decide how it is copied out.
package struct JSONFlags: OptionSet, Sendable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A string (or a string inside a container) holds a backslash escape.
    package static let escape = JSONFlags(rawValue: 1)
    /// A container holds whitespace between tokens, so a compact copy must drop it.
    package static let whitespace = JSONFlags(rawValue: 4)
    /// A string holds bytes above 0x7F (already checked to be valid UTF-8).
    package static let nonASCII = JSONFlags(rawValue: 8)
}

/// Where a value lies in the line: `start..<end`, strings with their quotes.
///
/// Offsets are stored as `UInt32`, so a span takes 12 bytes (an optional one too) rather than 24: batches hold
/// several per line and per member, and the writing stage reads them from the other core's cache. A line is at most
/// `max_record_size_mb` (2048) MiB, so every offset fits.
package struct JSONSpan: Sendable, Equatable {
    private var storedStart: UInt32
    private var storedEnd: UInt32
    package var kind: JSONKind
    package var flags: JSONFlags

    package init(start: Int, end: Int, kind: JSONKind, flags: JSONFlags = []) {
        storedStart = UInt32(start)
        storedEnd = UInt32(end)
        self.kind = kind
        self.flags = flags
    }

    package var start: Int {
        @inline(__always) get { Int(storedStart) }
        @inline(__always) set { storedStart = UInt32(newValue) }
    }

    package var end: Int {
        @inline(__always) get { Int(storedEnd) }
        @inline(__always) set { storedEnd = UInt32(newValue) }
    }

    package static func == (a: JSONSpan, b: JSONSpan) -> Bool {
        a.storedStart == b.storedStart && a.storedEnd == b.storedEnd && a.kind == b.kind && a.flags == b.flags
    }
}
