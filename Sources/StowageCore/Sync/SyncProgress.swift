/// The progress of a running sync as text: the live line on a terminal, or the periodic log line.
package struct SyncProgress: Sendable {
    private let streamNames: [String]
    private var lastRecords = 0
    private var lastSeconds = 0.0

    package init(streamNames: [String]) {
        self.streamNames = streamNames
    }

    /// What happened since the previous call: `12345 records (1234/s), 3.21 MB read, 4 files | users 10000, …`,
    /// the streams with most records first.
    package mutating func line(_ snapshot: SyncMeter.Snapshot, seconds: Double) -> String {
        let records = snapshot.totalRecords
        let interval = seconds - lastSeconds
        let rate = interval > 0 ? Double(records - lastRecords) / interval : 0
        lastRecords = records
        lastSeconds = seconds
        var line =
            "\(SyncReport.count(records, "record")) (\(Int(rate.rounded()))/s), \(SyncReport.decimal(Double(snapshot.inputBytes) / 1_048_576)) MB read, \(SyncReport.count(snapshot.totalFiles, "file"))"
        let busy = snapshot.records.indices.filter { snapshot.records[$0] > 0 }
            .sorted { snapshot.records[$0] > snapshot.records[$1] }
        if !busy.isEmpty {
            line += " | " + busy.map { "\(streamNames[$0]) \(snapshot.records[$0])" }.joined(separator: ", ")
        }
        return line
    }

    /// `line` cut to `width` characters, for a terminal that must not wrap it.
    package static func fitted(_ line: String, width: Int) -> String {
        line.count <= width ? line : String(line.prefix(max(1, width - 1))) + "…"
    }
}
