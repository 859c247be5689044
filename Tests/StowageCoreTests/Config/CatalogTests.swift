import Testing

@testable import StowageCore

@Suite struct CatalogTests {
    static func parse(_ text: String) throws -> Catalog {
        try Catalog.parse(JSONValue.parse(Array(text.utf8)), source: "c.json")
    }

    @Test func columnsAreSortedByTheirBytes() throws {
        let catalog = try Self.parse(
            #"{"streams":[{"stream":{"name":"s","json_schema":{"properties":{"b":{},"a":{},"B":{},"é":{}}}},"destination_sync_mode":"overwrite"}]}"#
        )
        #expect(catalog.streams[0].columns == ["B", "a", "b", "é"])
        #expect(catalog.streams[0].syncMode == .overwrite)
    }

    @Test func appendDedupIsAccepted() throws {
        let catalog = try Self.parse(#"{"streams":[{"stream":{"name":"s"},"destination_sync_mode":"append_dedup"}]}"#)
        #expect(catalog.deduplicatedStreams.map(\.name) == ["s"])
    }

    @Test func keysCursorAndGenerationsAreKept() throws {
        let catalog = try Self.parse(
            #"{"streams":[{"stream":{"name":"s","namespace":"n","source_defined_primary_key":[["x"]]},"destination_sync_mode":"append","cursor_field":["ts"],"primary_key":[["id"],["at"]],"generation_id":3,"minimum_generation_id":3,"sync_id":12.0}]}"#
        )
        let stream = catalog.streams[0]
        #expect(stream.primaryKey == [["id"], ["at"]])
        #expect(stream.cursorField == ["ts"])
        #expect(stream.generationID == 3)
        #expect(stream.minimumGenerationID == 3)
        #expect(stream.syncID == 12)
    }

    @Test func theSourcesPrimaryKeyIsTheFallback() throws {
        let catalog = try Self.parse(
            #"{"streams":[{"stream":{"name":"s","source_defined_primary_key":[["x"]]},"destination_sync_mode":"append","primary_key":null}]}"#
        )
        #expect(catalog.streams[0].primaryKey == [["x"]])
        #expect(catalog.streams[0].generationID == nil)
    }

    @Test func everyStreamWithAnUnknownModeIsNamed() {
        #expect {
            try Self.parse(
                #"{"streams":[{"stream":{"name":"a"},"destination_sync_mode":"upsert"},{"stream":{"name":"b"},"destination_sync_mode":"append"},{"stream":{"name":"c","namespace":"n"}}]}"#
            )
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.message.contains("'a' ('upsert')") && error.message.contains("'n.c' ('')")
                && error.streams == [StreamDescriptor(name: "a"), StreamDescriptor(name: "c", namespace: "n")]
        }
    }

    @Test func aStreamListedTwiceIsNamed() {
        #expect {
            try Self.parse(
                #"{"streams":[{"stream":{"name":"a"},"destination_sync_mode":"append"},{"stream":{"name":"a"},"destination_sync_mode":"overwrite"}]}"#
            )
        } throws: { error in
            (error as? ConfigError)?.streams == [StreamDescriptor(name: "a")]
        }
    }
}
