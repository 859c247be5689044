import StowageTesting
import Testing

@testable import StowageCore

@Suite struct FileSinkGenerationTests {
    static func catalog(mode: Catalog.SyncMode, generation: Int64?, minimum: Int64?, syncID: Int64? = 9) -> Catalog {
        Catalog(streams: [
            Catalog.Stream(
                name: "a", syncMode: mode, columns: ["id", "v"], generationID: generation,
                minimumGenerationID: minimum, syncID: syncID)
        ])
    }

    /// An earlier file of generation `generation` (nil: written before generations, like Stowage's own older files).
    static func earlier(_ store: InMemoryObjectStore, _ key: String, generation: Int64?) throws {
        let upload = try store.makeUpload(
            key: key, metadata: generation.map { [(FileSink.generationMetadata, String($0))] } ?? [])
        try [UInt8]("old".utf8).withUnsafeBytes { try upload.write($0) }
        try upload.complete()
    }

    @Test func everyFileRecordsItsGeneration() throws {
        let store = InMemoryObjectStore()
        try Fixtures.run(
            [Fixtures.record("a", #"{"id":1}"#)], store: store, output: WatchingOutput(),
            catalog: Self.catalog(mode: .append, generation: 4, minimum: 0))
        #expect(store.keys.count == 1)
        #expect(try store.metadata(of: store.keys[0])?["ab-generation-id"] == "4")
    }

    @Test func aTruncateRefreshDeletesOlderGenerationsAfterSuccess() throws {
        let store = InMemoryObjectStore()
        try Self.earlier(store, "out/a/2020_01_01_1577836800000_0.csv", generation: nil)
        try Self.earlier(store, "out/a/2020_01_01_1577836800001_0.csv", generation: 1)
        // A failed attempt of the same generation left a complete file: a refresh keeps it (Airbyte's rule).
        try Self.earlier(store, "out/a/2020_01_01_1577836800002_0.csv", generation: 2)
        let totals = try Fixtures.run(
            [Fixtures.record("a", #"{"id":1}"#)], store: store, output: WatchingOutput(),
            catalog: Self.catalog(mode: .append, generation: 2, minimum: 2))
        #expect(totals.deletedFiles == 2)
        #expect(store.object("out/a/2020_01_01_1577836800002_0.csv") != nil)
        #expect(store.keys.count == 2)
    }

    @Test func appendWithoutARefreshDeletesNothing() throws {
        let store = InMemoryObjectStore()
        try Self.earlier(store, "out/a/2020_01_01_1577836800000_0.csv", generation: 1)
        let totals = try Fixtures.run(
            [Fixtures.record("a", #"{"id":1}"#)], store: store, output: WatchingOutput(),
            catalog: Self.catalog(mode: .append, generation: 3, minimum: 0))
        #expect(totals.deletedFiles == 0)
        #expect(store.keys.count == 2)
    }

    @Test func aFailedRefreshDeletesNothing() throws {
        let store = InMemoryObjectStore()
        try Self.earlier(store, "out/a/2020_01_01_1577836800000_0.csv", generation: 1)
        #expect(throws: InputError.self) {
            try Fixtures.run(
                [Fixtures.record("a", #"{"id":1}"#), "{broken"], store: store, output: WatchingOutput(),
                catalog: Self.catalog(mode: .append, generation: 2, minimum: 2))
        }
        #expect(store.keys == ["out/a/2020_01_01_1577836800000_0.csv"])
    }

    @Test func anOverwriteWithGenerationsKeepsItsOwnGeneration() throws {
        let store = InMemoryObjectStore()
        try Self.earlier(store, "out/a/2020_01_01_1577836800000_0.csv", generation: 5)
        try Self.earlier(store, "out/a/2020_01_01_1577836800001_0.csv", generation: 6)
        try Fixtures.run(
            [Fixtures.record("a", #"{"id":1}"#)], store: store, output: WatchingOutput(),
            catalog: Self.catalog(mode: .overwrite, generation: 6, minimum: 6))
        #expect(store.object("out/a/2020_01_01_1577836800000_0.csv") == nil)
        #expect(store.object("out/a/2020_01_01_1577836800001_0.csv") != nil)
    }

    @Test func v1MetadataColumnsCarryTheGenerationAndSync() throws {
        var configuration = Fixtures.configuration()
        configuration.metadataColumns = .v1
        let store = InMemoryObjectStore()
        try Fixtures.run(
            [Fixtures.record("a", #"{"id":1}"#)], store: store, output: WatchingOutput(),
            catalog: Self.catalog(mode: .append, generation: 7, minimum: 0, syncID: 42), configuration: configuration)
        let rows = CSVReader.rows(String(decoding: store.object(store.keys[0])!, as: UTF8.self))
        #expect(
            Array(rows[0][0..<4]) == [
                "_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_generation_id", "_airbyte_meta",
            ])
        #expect(Array(rows[1][2..<5]) == ["7", #"{"sync_id":42,"changes":[]}"#, "1"])
    }
}
