import Foundation

/// `scripts/fault_proxy.py` in front of the test server: resets connections and answers 503/500 for a
/// fraction of requests, at most `maxFaults` times.
final class FaultProxy {
    let port: Int
    private let process: Process
    private let logURL: URL
    private let directory: URL

    static var repositoryRoot: URL {
        // #filePath may go through a symbolic link (a scratch package); resolve it to the repository.
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    init(upstream endpoint: String, resetRate: Double, errorRate: Double, seed: Int, maxFaults: Int) throws {
        let upstream = endpoint.replacingOccurrences(of: "http://", with: "")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("stowage-fault-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        logURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", FaultProxy.repositoryRoot.appendingPathComponent("scripts/fault_proxy.py").path,
            "--listen", "127.0.0.1:0", "--upstream", upstream, "--reset-rate", "\(resetRate)",
            "--error-rate", "\(errorRate)", "--seed", "\(seed)", "--max-faults", "\(maxFaults)",
            "--port-file", portFile.path, "-v",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logURL)
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        var port: Int?
        while port == nil && Date() < deadline {
            port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap {
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if port == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadNoSuchFile)
        }
        self.port = port
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Stops the proxy and returns how many faults it injected, by kind (`reset_after_forward`, `error_503`, …).
    ///
    /// SIGKILL, because a child spawned from a test thread inherits a mask that blocks SIGTERM; the counts
    /// come from the `-v` log lines instead of the proxy's exit summary.
    func stop() -> [String: Int] {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        var counts: [String: Int] = [:]
        for line in log.split(separator: "\n") where line.hasPrefix("fault_proxy: #") {
            guard let kind = line.split(separator: ":").last?.split(separator: " ").first else { continue }
            counts[String(kind), default: 0] += 1
            counts["faults", default: 0] += 1
        }
        try? FileManager.default.removeItem(at: directory)
        return counts
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
