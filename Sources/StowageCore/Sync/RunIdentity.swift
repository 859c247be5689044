#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who runs a sync, written into its lock so that a second run can say who holds it.
package struct RunIdentity: Sendable, Equatable, CustomStringConvertible {
    package var runID: String
    package var host: String
    package var pid: Int32
    package var startedAt: Int64

    package init(runID: String, host: String, pid: Int32, startedAt: Int64) {
        self.runID = runID
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
    }

    /// This process, with a new random run id.
    package static func current(clock: any SyncClock = SystemClock()) -> RunIdentity {
        var uuid = UUIDGenerator()
        var name = [UInt8](repeating: 0, count: 256)
        let named =
            name.withUnsafeMutableBytes {
                gethostname($0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count - 1)
            } == 0
        let host = named ? String(decoding: name.prefix { $0 != 0 }, as: UTF8.self) : "unknown"
        return RunIdentity(runID: uuid.string(), host: host, pid: getpid(), startedAt: clock.wallMilliseconds())
    }

    init?(_ value: JSONValue) {
        guard let runID = value["run_id"]?.stringValue, let host = value["host"]?.stringValue,
            case .number(let pid)? = value["pid"], let pidValue = Int32(pid),
            case .number(let started)? = value["started_at"], let startedAt = Int64(started)
        else { return nil }
        self.init(runID: runID, host: host, pid: pidValue, startedAt: startedAt)
    }

    var members: [(String, JSONValue)] {
        [
            ("run_id", .string(runID)), ("host", .string(host)), ("pid", .number(String(pid))),
            ("started_at", .number(String(startedAt))),
        ]
    }

    var json: String { JSONValue.object(members).serialized }

    package var description: String { "pid \(pid) on host '\(host)'" }
}
