/// A job for the file sink's I/O thread.
enum FileJob: IOJob {
    /// Starts the next file named by `layout` for commit unit `unit`; with `snapshot`, the folder's earlier files
    /// are also noted for `stream`'s overwrite (a partition overwrite).
    /// `wrapped`: through the sink's stage (compression).
    case open(
        unit: Int, stream: Int, layout: StreamLayout, snapshot: Bool, metadata: [(String, String)], wrapped: Bool)
    case write(unit: Int, buffer: OutputBuffer)
    /// Completes the file: it becomes visible and durable.
    case finish(unit: Int)
    /// Lists the stream's files from earlier syncs (`layout`'s pattern), to delete them when the sync succeeds.
    case snapshot(stream: Int, layout: StreamLayout)
    /// Deletes the files noted for `stream`: all of them, or those of a generation below `belowGeneration`
    /// (a file without one is generation 0).
    case deleteSnapshot(stream: Int, belowGeneration: Int64?)
    /// Renews the sync's claim on S3.
    case heartbeat(SyncClaim)

    var queuedBytes: Int {
        if case .write(_, let buffer) = self { return buffer.count }
        return 0
    }

    var buffer: OutputBuffer? {
        if case .write(_, let buffer) = self { return buffer }
        return nil
    }
}

/// What the file sink's I/O thread reports.
enum FileJobResult: Sendable {
    case committed(unit: Int, key: String, bytes: Int)
    case deleted(stream: Int, count: Int)
}
