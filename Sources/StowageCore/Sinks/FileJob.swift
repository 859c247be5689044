/// A job for the file sink's I/O thread.
enum FileJob: IOJob {
    /// Starts the next file of `stream` for commit unit `unit`.
    case open(unit: Int, stream: Int)
    case write(unit: Int, buffer: OutputBuffer)
    /// Completes the file: it becomes visible and durable.
    case finish(unit: Int)
    /// Lists the stream's files from earlier syncs, to delete them when the sync succeeds.
    case snapshot(stream: Int)
    /// Deletes the files found by `snapshot`.
    case deleteSnapshot(stream: Int)

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
enum FileJobResult {
    case committed(unit: Int, key: String, bytes: Int)
    case deleted(stream: Int, count: Int)
}
