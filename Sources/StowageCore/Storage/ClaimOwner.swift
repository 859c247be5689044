#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who holds a ``SyncClaim``: enough to tell later whether that process still runs.
struct ClaimOwner: Equatable {
    var sync: String
    var host: String
    /// `/proc/sys/kernel/random/boot_id`: a process id means nothing across a reboot.
    var boot: String
    var pid: Int64
    /// The process's start time in clock ticks since boot (`/proc/<pid>/stat` field 22): pids are reused.
    var processStart: String
    var startedMilliseconds: Int64
    var heartbeatMilliseconds: Int64
    /// The sync has ended; the claim stays only so that its epoch is not reused.
    var released = false

    static func current(sync: String, nowMilliseconds: Int64) -> ClaimOwner {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let pid = Int64(getpid())
        return ClaimOwner(
            sync: sync, host: host, boot: readText("/proc/sys/kernel/random/boot_id") ?? "",
            pid: pid, processStart: startTime(of: pid) ?? "", startedMilliseconds: nowMilliseconds,
            heartbeatMilliseconds: nowMilliseconds)
    }

    var json: [UInt8] {
        let value = JSONValue.object([
            ("sync", .string(sync)), ("host", .string(host)), ("boot", .string(boot)),
            ("pid", .number(String(pid))), ("process_start", .string(processStart)),
            ("started_ms", .number(String(startedMilliseconds))),
            ("heartbeat_ms", .number(String(heartbeatMilliseconds))), ("released", .bool(released)),
        ])
        return Array(value.serialized.utf8)
    }

    init(
        sync: String, host: String, boot: String, pid: Int64, processStart: String, startedMilliseconds: Int64,
        heartbeatMilliseconds: Int64
    ) {
        self.sync = sync
        self.host = host
        self.boot = boot
        self.pid = pid
        self.processStart = processStart
        self.startedMilliseconds = startedMilliseconds
        self.heartbeatMilliseconds = heartbeatMilliseconds
    }

    init?(json bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes), case .number(let pid)? = value["pid"],
            case .number(let started)? = value["started_ms"], case .number(let heartbeat)? = value["heartbeat_ms"]
        else { return nil }
        self.init(
            sync: value["sync"]?.stringValue ?? "", host: value["host"]?.stringValue ?? "",
            boot: value["boot"]?.stringValue ?? "", pid: Int64(pid) ?? -1,
            processStart: value["process_start"]?.stringValue ?? "", startedMilliseconds: Int64(started) ?? 0,
            heartbeatMilliseconds: Int64(heartbeat) ?? 0)
        released = value["released"] == .bool(true)
    }

    /// Whether process `pid` runs and started at `started` (so it is the same process, not a reuse of its id).
    static func processRuns(pid: Int64, started: String) -> Bool {
        guard pid > 0, pid <= Int64(Int32.max) else { return false }
        guard kill(pid_t(pid), 0) == 0 || errno == EPERM else { return false }
        return started.isEmpty || startTime(of: pid) == started
    }

    private static func startTime(of pid: Int64) -> String? {
        guard let stat = readText("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name, which is in parentheses and may hold spaces: field 3 is the first.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }

    private static func readText(_ path: String) -> String? {
        guard let bytes = try? JSONFile.readBytes(path, role: "system") else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
