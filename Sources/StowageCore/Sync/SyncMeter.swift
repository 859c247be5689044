import AWSCore

/// What a sync has done so far, by stream, for the progress line and the summary; safe to read from any thread.
///
/// Records are counted as they are read (published by ``MeteredSink`` once per pipeline loop); files and bytes
/// as files become durable (``MeteredObjectStore``), each matched to its stream by name.
package final class SyncMeter: @unchecked Sendable {  // every counter is guarded by `mutex`
    package struct Snapshot: Sendable, Equatable {
        package var records: [Int]
        package var files: [Int]
        package var bytes: [Int]
        /// Files and bytes that matched no stream's names.
        package var otherFiles = 0
        package var otherBytes = 0
        /// Bytes read from the source.
        package var inputBytes = 0

        package var totalRecords: Int { records.reduce(0, +) }
        package var totalFiles: Int { files.reduce(otherFiles, +) }
        package var totalBytes: Int { bytes.reduce(otherBytes, +) }
    }

    private let mutex = ConditionLock()
    private var current: Snapshot
    private let layouts: [StreamLayout]

    /// A meter for `streams`, whose files are named by `layouts` (one per stream, any partition, any sync).
    package init(streamCount: Int, layouts: [StreamLayout]) {
        current = Snapshot(
            records: Array(repeating: 0, count: streamCount), files: Array(repeating: 0, count: streamCount),
            bytes: Array(repeating: 0, count: streamCount))
        self.layouts = layouts
    }

    /// A meter whose layouts are those `configuration` gives `catalog`'s streams.
    package convenience init(configuration: Configuration, catalog: Catalog) throws(ConfigError) {
        let layout = try ObjectLayout(
            bucketPath: configuration.bucketPath, pathFormat: configuration.pathFormat, syncStartMilliseconds: 0,
            syncUUID: "", fileExtension: configuration.fileExtension)
        self.init(
            streamCount: catalog.streams.count,
            layouts: catalog.streams.map { layout.stream(namespace: $0.namespace, name: $0.name).anyPartition })
    }

    package func snapshot() -> Snapshot { mutex.withLock { current } }

    func publish(records: [Int]) {
        mutex.withLock { current.records = records }
    }

    func read(bytes: Int) {
        mutex.withLock { current.inputBytes += bytes }
    }

    func stored(key: String, bytes: Int) {
        let stream = layouts.firstIndex { $0.isOwnFile(key) }
        mutex.withLock {
            if let stream {
                current.files[stream] += 1
                current.bytes[stream] += bytes
            } else {
                current.otherFiles += 1
                current.otherBytes += bytes
            }
        }
    }
}
