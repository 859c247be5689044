/// The state a source resumes from: the states Stowage committed, merged as Airbyte's state types say, in the
/// form a source's `--state` file takes (a JSON array of AirbyteStateMessage).
///
/// Merge rules (`specs/sync.md`): a STREAM state replaces the earlier one of its stream, by name and
/// namespace, and keeps the other streams'; a GLOBAL or a LEGACY state (or one without a type) replaces the
/// whole document; a STREAM state after a GLOBAL or LEGACY one starts over from that stream alone.
/// `destinationStats` is never kept: it is Stowage's count, not the source's state.
package struct StateDocument: Sendable, Equatable {
    /// What one applied state was about, for the per-stream counts.
    package enum Applied: Sendable, Equatable {
        case stream(StreamDescriptor)
        /// A GLOBAL state, with the streams its `stream_states` name.
        case global([StreamDescriptor])
        case legacy
    }

    private struct StreamState: Sendable, Equatable {
        var descriptor: StreamDescriptor
        var message: JSONValue
    }

    private var streams: [StreamState] = []
    /// The GLOBAL or LEGACY state that stands for every stream, when the source sent one last.
    private var whole: JSONValue?

    package init() {}

    package var isEmpty: Bool { streams.isEmpty && whole == nil }

    /// The state messages a source is given, in order.
    package var messages: [JSONValue] { whole.map { [$0] } ?? streams.map(\.message) }

    /// Applies one `state` object of a STATE message; returns nil, changing nothing, for a state that is not an
    /// object, has an unknown `type`, or is a STREAM state without `stream.stream_descriptor.name`.
    @discardableResult
    package mutating func apply(_ state: JSONValue) -> Applied? {
        guard case .object(var members) = state else { return nil }
        members.removeAll { $0.0 == "destinationStats" }
        let message = JSONValue.object(members)
        switch state["type"]?.stringValue {
        case "STREAM":
            guard let descriptor = Self.descriptor(state["stream"]?["stream_descriptor"]) else { return nil }
            whole = nil
            if let index = streams.firstIndex(where: { $0.descriptor == descriptor }) {
                streams[index].message = message
            } else {
                streams.append(StreamState(descriptor: descriptor, message: message))
            }
            return .stream(descriptor)
        case "GLOBAL":
            streams = []
            whole = message
            var named: [StreamDescriptor] = []
            if case .array(let entries)? = state["global"]?["stream_states"] {
                named = entries.compactMap { Self.descriptor($0["stream_descriptor"]) }
            }
            return .global(named)
        case "LEGACY":
            streams = []
            whole = message
            return .legacy
        case nil where state["type"] == nil:
            streams = []
            whole = .object([("type", .string("LEGACY"))] + members)
            return .legacy
        default:
            return nil
        }
    }

    private static func descriptor(_ value: JSONValue?) -> StreamDescriptor? {
        guard let value, let name = value["name"]?.stringValue else { return nil }
        return StreamDescriptor(name: name, namespace: value["namespace"]?.stringValue)
    }

    /// The `--state` file: a JSON array, one state message per line.
    package var serialized: [UInt8] {
        let lines = messages.map(\.serialized)
        return Array((lines.isEmpty ? "[]\n" : "[\n" + lines.joined(separator: ",\n") + "\n]\n").utf8)
    }

    /// Reads a saved state: a JSON array of state messages, one state message, or a bare LEGACY `data` object.
    ///
    /// Fails with a ``SyncError`` (`badState`) naming `location` when the bytes are none of these.
    package static func parse(_ bytes: [UInt8], location: String) throws(SyncError) -> StateDocument {
        let fix = "fix it, put back the copy '\(location).prev', or delete it to read everything again"
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw SyncError(
                .badState,
                "The saved state '\(location)' is not valid JSON (\(error.reason) at byte \(error.offset + 1)); \(fix)."
            )
        }
        var document = StateDocument()
        switch value {
        case .array(let entries):
            for (index, entry) in entries.enumerated() where document.apply(entry) == nil {
                throw SyncError(
                    .badState,
                    "Entry \(index + 1) of the saved state '\(location)' is not an Airbyte state message with a known 'type' (a STREAM state needs 'stream.stream_descriptor.name'); \(fix)."
                )
            }
        case .object where ["STREAM", "GLOBAL", "LEGACY"].contains(value["type"]?.stringValue ?? ""):
            if document.apply(value) == nil {
                throw SyncError(
                    .badState,
                    "The saved state '\(location)' is a STREAM state without 'stream.stream_descriptor.name'; \(fix).")
            }
        case .object:
            document.whole = .object([("type", .string("LEGACY")), ("data", value)])
        default:
            throw SyncError(.badState, "The saved state '\(location)' is neither a JSON array nor an object; \(fix).")
        }
        return document
    }
}
