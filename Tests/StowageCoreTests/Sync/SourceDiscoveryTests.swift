import Testing

@testable import StowageCore

@Suite struct SourceDiscoveryTests {
    static func json(_ text: String) -> JSONValue { try! JSONValue.parse(Array(text.utf8)) }

    @Test func incrementalWhereSupportedWithACursorElseFullRefreshOverwrite() throws {
        let catalog = Self.json(
            """
            {"streams":[
              {"name":"users","json_schema":{},"supported_sync_modes":["full_refresh","incremental"],
               "source_defined_cursor":true,"default_cursor_field":["updated_at"],"source_defined_primary_key":[["id"]]},
              {"name":"events","namespace":"app","json_schema":{},"supported_sync_modes":["incremental"],
               "default_cursor_field":["ts"]},
              {"name":"no_cursor","json_schema":{},"supported_sync_modes":["full_refresh","incremental"]},
              {"name":"snapshot","json_schema":{},"supported_sync_modes":["full_refresh"]}
            ]}
            """)
        let configured = try SourceDiscovery.configure(catalog)
        guard case .array(let streams)? = configured["streams"] else {
            Issue.record("no streams")
            return
        }
        #expect(
            streams.map { $0["sync_mode"]?.stringValue } == [
                "incremental", "incremental", "full_refresh", "full_refresh",
            ])
        #expect(
            streams.map { $0["destination_sync_mode"]?.stringValue } == ["append", "append", "overwrite", "overwrite"])
        #expect(streams[0]["cursor_field"] == Self.json(#"["updated_at"]"#))
        #expect(streams[0]["primary_key"] == Self.json(#"[["id"]]"#))
        #expect(streams[1]["stream"]?["namespace"] == .string("app"))
        #expect(streams[3]["cursor_field"] == nil)
        // What `catalog` prints is a catalog `sync` and `write` read.
        let text = SourceDiscovery.render(configured)
        let parsed = try Catalog.parse(Self.json(text), source: "printed")
        #expect(parsed.streams.map(\.syncMode) == [.append, .append, .overwrite, .overwrite])
        #expect(text.split(separator: "\n").count == 6, "one stream per line")
    }

    @Test func aCatalogWithoutStreamsIsRefused() {
        #expect(throws: SyncError.self) { try SourceDiscovery.configure(Self.json(#"{"x":1}"#)) }
    }
}
