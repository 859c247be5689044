import AWSCore
import DynamoDB
import Logging

/// Lands records as DynamoDB items: one table per stream, each record a PutRequest keyed by its own fields, so
/// that a re-run or a retry converges to the same table.
///
/// Items are encoded on the caller's thread (``DynamoItemEncoder``) and gathered into BatchWriteItem batches of
/// at most 25 items and 16 MiB, one open batch per stream and lane; a batch is one commit unit and commits when
/// DynamoDB has accepted every item in it (``DynamoDBBatchSender`` resends `UnprocessedItems`). A key always
/// hashes to the same lane, and a lane sends its batches one at a time, so writes of one key land in input
/// order; a key repeated within a batch keeps only its last item. Missing tables are created on the first
/// record of their stream (on-demand billing, key types from the JSON schema, else from that record) and waited
/// for. Overwrite: each item carries the run's id, and after a successful sync the items of the stream without
/// it are deleted. Memory: the open batches (at most ``Options/pendingBudget`` bytes together) plus the sender's
/// ``Options/maxOutstanding`` batches queued or in flight (each at most 16 MiB; 25 small items are a few KiB).
package final class DynamoDBSink: Sink {
    package struct Options: Sendable {
        /// Lanes, and so BatchWriteItem requests in flight at once.
        package var lanes = 4
        /// Batches queued or in flight at most; `write` waits past it.
        package var maxOutstanding = 8
        /// What the open batches may hold together before all are sent.
        package var pendingBudget = 32 << 20
        /// How long a new table may take to become ACTIVE.
        package var tableWaitSeconds: Double = 120
        /// How often a new table's status is polled.
        package var tablePollSeconds: Double = 0.25
        /// The signal that asked the sync to stop, or 0: ends waits on a slow server.
        package var stopSignal: @Sendable () -> Int32 = { 0 }

        package init() {}
    }

    /// A key attribute: its name and, when known, its type.
    package struct Key: Sendable, Equatable {
        package var name: String
        /// nil: not declared by the JSON schema; the table's, or the first record's, decides.
        package var type: DynamoDBKeyType?

        package init(_ name: String, _ type: DynamoDBKeyType? = nil) {
            self.name = name
            self.type = type
        }
    }

    /// One stream as the sink writes it.
    package struct Stream {
        package var descriptor: Catalog.Stream
        package var table: String
        package var hashKey: Key
        package var rangeKey: Key?
        package var encoder: DynamoItemEncoder

        package init(
            descriptor: Catalog.Stream, table: String, hashKey: Key, rangeKey: Key?, encoder: DynamoItemEncoder
        ) {
            self.descriptor = descriptor
            self.table = table
            self.hashKey = hashKey
            self.rangeKey = rangeKey
            self.encoder = encoder
        }
    }

    private enum TableState { case unchecked, missing, ready }

    /// A batch being filled: its items' bytes one after another, and where each lies.
    private struct OpenBatch {
        var unit: Int
        var body: OutputBuffer
        var ranges: [Range<Int>] = []
        var dead: [Bool] = []
        var keys: [[UInt8]: Int] = [:]
        var live = 0
    }

    private var streams: [Stream]
    private var tables: [TableState]
    private let client: DynamoDBClient
    private let syncID: String
    private let options: Options
    private let logger: Logger
    private let sender: DynamoDBBatchSender
    private var open: [OpenBatch?]
    private var spareBuffers: [OutputBuffer] = []
    private var pendingBytes = 0
    private var nextUnit = 1
    private var staging = OutputBuffer(capacity: 64 << 10)
    private var key: [UInt8] = []
    private var abID = [UInt8](repeating: 0, count: 36)
    private var counts = SinkTotals()

    package var totals: SinkTotals { counts }

    /// - Parameters:
    ///   - syncID: this run's id; overwrite streams' items carry it (their encoders must say so).
    package init(
        streams: [Stream], client: DynamoDBClient, syncID: String, logger: Logger, options: Options = Options()
    ) {
        self.streams = streams
        self.client = client
        self.syncID = syncID
        self.options = options
        self.logger = logger
        tables = streams.map { _ in .unchecked }
        let lanes = max(1, options.lanes)
        sender = DynamoDBBatchSender(
            client: client, lanes: lanes, maxOutstanding: max(options.maxOutstanding, lanes),
            stopSignal: options.stopSignal)
        open = [OpenBatch?](repeating: nil, count: streams.count * lanes)
    }

    /// Reads every stream's table: checks the key schema of those that exist, notes those that are missing.
    package func start() throws {
        for index in streams.indices { try look(at: index) }
    }

    private func look(at index: Int) throws {
        let description: DynamoDBTableDescription
        do throws(DynamoDBError) {
            description = try client.describeTable(streams[index].table)
        } catch let error where error.code == .resourceNotFound {
            tables[index] = .missing
            return
        } catch {
            throw StorageError(error)
        }
        try adopt(description, stream: index)
        tables[index] = .ready
    }

    package func write(_ record: RecordView, stream: Int, uuid: inout UUIDGenerator) throws -> CommitReceipt {
        abID.withUnsafeMutableBufferPointer { uuid.write(to: $0.baseAddress!) }
        staging.count = 0
        key.removeAll(keepingCapacity: true)
        let item = try abID.withUnsafeBufferPointer { id throws(RecordRejection) in
            try streams[stream].encoder.encode(record, abID: id.baseAddress!, into: staging, key: &key)
        }
        try checkKeyTypes(item, stream: stream)
        counts.encodedBytes += staging.count
        let lanes = sender.laneCount
        let slot = stream * lanes + (lanes == 1 ? 0 : Self.lane(of: key, lanes: lanes))
        if let batch = open[slot], batch.body.count + staging.count + envelope(stream) > DynamoDBClient.maxBatchBytes {
            try send(slot)
        }
        let opens = open[slot] == nil
        if opens { openBatch(slot) }
        let unit = open[slot]!.unit
        append(to: slot)
        if open[slot]!.live == DynamoDBClient.maxBatchRequests {
            try send(slot)
        } else if pendingBytes > options.pendingBudget {
            try commitAll()
        }
        return CommitReceipt(unit: unit, opensUnit: opens)
    }

    package func commitAll() throws {
        for slot in open.indices where open[slot] != nil { try send(slot) }
    }

    package func takeCommitted() throws -> [Int] {
        units(try sender.takeCommitted())
    }

    package func waitUntilIdle() throws -> [Int] {
        units(try sender.waitUntilIdle())
    }

    /// Deletes, from each stream's table, the items this run did not write: a consistent Scan for the items
    /// without this run's id (key attributes and the marker only), then batches of 25 deletes.
    ///
    /// Memory: one Scan page (at most 1 MB) and the delete batches in flight.
    package func replaceEarlierData(ofStreams indices: [Int]) throws -> Int {
        var total = 0
        for index in indices where tables[index] == .ready {
            let before = sender.deletedItems
            try deleteEarlierItems(of: index)
            _ = try sender.waitUntilIdle()
            let deleted = sender.deletedItems - before
            total += deleted
            if deleted > 0 {
                logger.info(
                    "Deleted earlier items.",
                    metadata: [
                        "stream": "\(streams[index].descriptor.displayName)", "table": "\(streams[index].table)",
                        "count": "\(deleted)",
                    ])
            }
        }
        return total
    }

    package func stop() {
        sender.abandon()
    }

    // MARK: Batches

    /// FNV-1a of the key's canonical bytes, folded to a lane.
    private static func lane(of key: [UInt8], lanes: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int((h ^ (h >> 32)) % UInt64(lanes))
    }

    /// The bytes a batch body has besides its items: the envelope and the commas between up to 25 items.
    private func envelope(_ stream: Int) -> Int { 64 + streams[stream].table.utf8.count * 6 + 25 }

    private func openBatch(_ slot: Int) {
        let buffer = spareBuffers.popLast() ?? OutputBuffer(capacity: 16 << 10)
        buffer.count = 0
        open[slot] = OpenBatch(unit: nextUnit, body: buffer)
        nextUnit += 1
    }

    /// Moves the staged item into the slot's batch; an item with a key already in the batch replaces it.
    private func append(to slot: Int) {
        let start = open[slot]!.body.count
        open[slot]!.body.append(staging.base, count: staging.count)
        let range = start..<(start + staging.count)
        pendingBytes += staging.count
        if let earlier = open[slot]!.keys[key] {
            open[slot]!.dead[earlier] = true
            open[slot]!.live -= 1
        }
        open[slot]!.keys[key] = open[slot]!.ranges.count
        open[slot]!.ranges.append(range)
        open[slot]!.dead.append(false)
        open[slot]!.live += 1
        if open[slot]!.ranges.count - open[slot]!.live >= DynamoDBClient.maxBatchRequests { compact(slot) }
    }

    /// Drops the replaced items' bytes from a batch whose keys keep repeating, so that it holds at most 25
    /// replaced items besides its live ones however long it stays open.
    private func compact(_ slot: Int) {
        var batch = open[slot]!
        open[slot] = nil
        var moved: [Int] = []
        moved.reserveCapacity(batch.ranges.count)
        var ranges: [Range<Int>] = []
        var end = 0
        for (index, range) in batch.ranges.enumerated() {
            moved.append(ranges.count)
            guard !batch.dead[index] else { continue }
            if range.lowerBound != end {
                (batch.body.base + end).update(from: batch.body.base + range.lowerBound, count: range.count)
            }
            ranges.append(end..<(end + range.count))
            end += range.count
        }
        pendingBytes -= batch.body.count - end
        batch.body.count = end
        for (key, index) in batch.keys { batch.keys[key] = moved[index] }
        batch.ranges = ranges
        batch.dead = [Bool](repeating: false, count: ranges.count)
        open[slot] = batch
    }

    /// Sends the slot's open batch: `{"RequestItems":{"<table>":[…]}}` with its live items.
    private func send(_ slot: Int) throws {
        guard let batch = open[slot] else { return }
        open[slot] = nil
        let stream = slot / sender.laneCount
        var body: [UInt8] = []
        body.reserveCapacity(batch.body.count + envelope(stream))
        body += #"{"RequestItems":{"#.utf8
        DynamoItemEncoder.appendJSONString(Array(streams[stream].table.utf8), to: &body)
        body += ":[".utf8
        var first = true
        for (index, range) in batch.ranges.enumerated() where !batch.dead[index] {
            if !first { body.append(UInt8(ascii: ",")) }
            first = false
            body += UnsafeBufferPointer(start: batch.body.base + range.lowerBound, count: range.count)
        }
        body += "]}}".utf8
        pendingBytes -= batch.body.count
        if batch.body.capacity <= 1 << 20 { spareBuffers.append(batch.body) }
        try sender.submit(
            DynamoDBBatchSender.Batch(
                unit: batch.unit, table: streams[stream].table, body: body, requests: batch.live),
            lane: slot % sender.laneCount)
    }

    private func units(_ results: [(unit: Int, bytes: Int)]) -> [Int] {
        for result in results {
            counts.committedUnits += 1
            counts.storedBytes += result.bytes
        }
        return results.map(\.unit)
    }

    // MARK: Tables

    /// Takes the types of an existing table's keys, or a ``ConfigError`` when its key schema is not the
    /// stream's.
    private func adopt(_ description: DynamoDBTableDescription, stream index: Int) throws(ConfigError) {
        let stream = streams[index]
        let wanted = [stream.hashKey.name, stream.rangeKey?.name].compactMap { $0 }
        let found = [description.hashKey, description.rangeKey].compactMap { $0 }
        let typesAgree = zip([stream.hashKey, stream.rangeKey].compactMap { $0 }, found).allSatisfy {
            $0.type == nil || $0.type == $1.type
        }
        guard wanted == found.map(\.name), typesAgree else {
            throw ConfigError(
                "Table '\(stream.table)' is keyed by \(Self.describe(found)), but stream '\(stream.descriptor.displayName)' would key it by \(Self.describe(wanted, [stream.hashKey.type, stream.rangeKey?.type])); set 'streams.\(stream.descriptor.name).hash_key' and 'range_key' to the table's keys, or change 'dynamodb_table_name_prefix' to write into another table.",
                streams: [stream.descriptor.descriptor])
        }
        streams[index].hashKey.type = found[0].type
        if found.count > 1 { streams[index].rangeKey?.type = found[1].type }
    }

    private static func describe(_ keys: [DynamoDBKeyAttribute]) -> String {
        describe(keys.map(\.name), keys.map(\.type))
    }

    private static func describe(_ names: [String], _ types: [DynamoDBKeyType?]) -> String {
        zip(names, types).map { name, type in "'\(name)'" + (type.map { " (\($0.rawValue))" } ?? "") }
            .joined(separator: " and ")
    }

    /// Checks the item's key kinds against the table's key types, creating the table first when it is missing.
    private func checkKeyTypes(_ item: DynamoItemEncoder.Item, stream index: Int) throws {
        if tables[index] != .ready {
            if tables[index] == .unchecked { try look(at: index) }
            if tables[index] == .missing { try createTable(index, item: item) }
        }
        let stream = streams[index]
        try check(item.hashKind, against: stream.hashKey, role: "partition key", stream: stream)
        if let range = stream.rangeKey, let kind = item.rangeKind {
            try check(kind, against: range, role: "sort key", stream: stream)
        }
    }

    private func check(_ kind: JSONKind, against key: Key, role: String, stream: Stream) throws(RecordRejection) {
        guard let type = key.type, type != Self.type(of: kind) else { return }
        throw RecordRejection(
            "has \(kind) in '\(key.name)', but table '\(stream.table)' keys its \(role) by \(type == .string ? "strings" : type == .number ? "numbers" : "binary values")",
            fix: "fix the source, or write into another table with 'dynamodb_table_name_prefix'")
    }

    private static func type(of kind: JSONKind) -> DynamoDBKeyType {
        kind == .number ? .number : .string
    }

    /// Creates the stream's table, typing keys the schema left open by the first record, and waits until it is
    /// ACTIVE; a table someone else created meanwhile is adopted instead.
    private func createTable(_ index: Int, item: DynamoItemEncoder.Item) throws {
        let stream = streams[index]
        let hash = DynamoDBKeyAttribute(stream.hashKey.name, stream.hashKey.type ?? Self.type(of: item.hashKind))
        let range = stream.rangeKey.map { key in
            DynamoDBKeyAttribute(key.name, key.type ?? Self.type(of: item.rangeKind ?? .string))
        }
        let description: DynamoDBTableDescription
        do throws(DynamoDBError) {
            do throws(DynamoDBError) {
                try client.createTable(DynamoDBTableDefinition(name: stream.table, hashKey: hash, rangeKey: range))
                logger.info(
                    "Created table.",
                    metadata: [
                        "table": "\(stream.table)", "stream": "\(stream.descriptor.displayName)",
                        "keys": "\(Self.describe([hash, range].compactMap { $0 }))",
                    ])
            } catch let error where error.code == .resourceInUse {
                logger.info(
                    "The table is being created elsewhere; waiting for it.", metadata: ["table": "\(stream.table)"])
            }
            description = try client.waitUntilActive(
                table: stream.table, timeoutSeconds: options.tableWaitSeconds, pollSeconds: options.tablePollSeconds)
        } catch {
            throw StorageError(error)
        }
        streams[index].hashKey.type = hash.type
        streams[index].rangeKey?.type = range?.type
        try adopt(description, stream: index)
        tables[index] = .ready
    }

    // MARK: Overwrite

    private func deleteEarlierItems(of index: Int) throws {
        let stream = streams[index]
        var names = ["#h": stream.hashKey.name, "#m": DynamoItemEncoder.syncMarkerName]
        var projection = "#h, #m"
        if let range = stream.rangeKey {
            names["#r"] = range.name
            projection = "#h, #r, #m"
        }
        let request = DynamoDBScanRequest(
            table: stream.table, projection: projection, filter: "attribute_not_exists(#m) OR #m <> :sync",
            names: names, values: [":sync": .object(["S": .string(syncID)])], consistentRead: true)
        let keyNames = [stream.hashKey.name, stream.rangeKey?.name].compactMap { $0 }
        var keys: [[UInt8]] = []
        var lane = 0
        var failure: (any Error)?
        do {
            try client.scanPages(request) { page in
                for item in page.items where item[DynamoItemEncoder.syncMarkerName]?["S"]?.stringValue != syncID {
                    keys.append(AWSJSON.object(item.filter { keyNames.contains($0.key) }).bytes)
                    guard keys.count == DynamoDBClient.maxBatchRequests else { continue }
                    do {
                        try submitDeletes(keys, table: stream.table, lane: lane)
                    } catch {
                        failure = error
                        return false
                    }
                    lane = (lane + 1) % sender.laneCount
                    keys.removeAll(keepingCapacity: true)
                }
                return true
            }
        } catch {
            throw StorageError(error)
        }
        if let failure { throw failure }
        if !keys.isEmpty { try submitDeletes(keys, table: stream.table, lane: lane) }
    }

    private func submitDeletes(_ keys: [[UInt8]], table: String, lane: Int) throws {
        var body: [UInt8] = []
        body += #"{"RequestItems":{"#.utf8
        DynamoItemEncoder.appendJSONString(Array(table.utf8), to: &body)
        body += ":[".utf8
        for (i, key) in keys.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            body += #"{"DeleteRequest":{"Key":"#.utf8
            body += key
            body += "}}".utf8
        }
        body += "]}}".utf8
        try sender.submit(
            DynamoDBBatchSender.Batch(unit: 0, table: table, body: body, requests: keys.count), lane: lane)
    }
}
