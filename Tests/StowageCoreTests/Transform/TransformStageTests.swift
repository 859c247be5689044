import Foundation
import StowageTesting
import Testing

@testable import StowageCore

/// Transforms through a whole write session: counts, rejects files and the STATE guarantee.
@Suite struct TransformStageTests {
    static let steps = #"""
        [{"filter":{"name":"sevenths","filter":"id % 7 != 0"}},{"math":{"name":"double","attribute":"w","math":"v * 2"}}]
        """#

    static func configuration(
        _ steps: String = steps, errors: String? = nil, stream: String = "a", format: Configuration.FormatType = .csv,
        maxFileSize: Int = 1 << 20
    ) throws -> Configuration {
        var config = Fixtures.configuration(maxFileSize: maxFileSize)
        config.formatType = format
        var settings = Configuration.StreamSettings()
        settings.transforms = try Transforming.pipeline(steps)
        if let errors {
            let fields = FieldReader(
                try JSONValue.parse(Array(#"{"transform_errors":\#(errors)}"#.utf8)), source: "t", path: "")
            settings.transformErrors = try TransformErrorPolicy.read(fields)
        }
        config.streamSettings[stream] = settings
        return config
    }

    /// Lines of every rejects object under `prefix`, parsed.
    static func rejects(in store: InMemoryObjectStore, prefix: String = "out/_rejects/") -> [JSONValue] {
        store.keys.filter { $0.hasPrefix(prefix) }.flatMap { key in
            String(decoding: store.object(key)!, as: UTF8.self).split(separator: "\n").map {
                try! JSONValue.parse(Array($0.utf8))
            }
        }
    }

    @Test(arguments: [false, true])
    func aStateLeavesOnlyOnceTheRejectsBeforeItAreDurable(threaded: Bool) throws {
        var lines: [String] = []
        var before: [Int: (rows: Int, rejects: Int)] = [:]
        var rows = 0
        var rejected = 0
        for id in 1...240 {
            let bad = id % 5 == 0
            lines.append(Fixtures.record("a", #"{"id":\#(id),"v":\#(bad ? #""x\#(id)""# : "\(id)")}"#))
            if id % 7 != 0, bad {
                rejected += 1
            } else if id % 7 != 0 {
                rows += 1
            }
            if id % 9 == 0 {
                lines.append(Fixtures.state(id))
                before[id] = (rows, rejected)
            }
        }
        let store = InMemoryObjectStore()
        let output = WatchingOutput()
        var checked = 0
        output.onEmit = { line in
            let state = try! JSONValue.parse(Array(line.utf8))
            guard case .number(let n)? = state["state"]?["data"]?["n"], let wanted = before[Int(n)!] else { return }
            #expect(state["state"]?["destinationStats"]?["recordCount"] == .number("9.0"), "received, not written")
            #expect(Fixtures.rows(in: store, prefix: "out/a/").count >= wanted.rows)
            #expect(Self.rejects(in: store).count >= wanted.rejects, "state \(n) left before its rejects were durable")
            checked += 1
        }
        let totals = try Fixtures.run(
            lines, store: store, output: output, catalog: Fixtures.catalog([("a", .append)]),
            configuration: Self.configuration(maxFileSize: 300), threaded: threaded)
        #expect(checked == before.count)
        #expect(totals.records == 240)
        #expect(totals.filtered == 34)
        #expect(totals.rejected == rejected)
        #expect(store.keys.filter { $0.hasPrefix("out/_rejects/a/") }.count > 3, "rejects files roll like data files")
        let written = Fixtures.rows(in: store, prefix: "out/a/")
        #expect(written.count == rows)
        for row in written {
            // _airbyte_ab_id, _airbyte_emitted_at, id, v, _airbyte_additional_properties
            let v = Int(row[3])!
            #expect(row[4] == #"{"w":\#(2 * v)}"#, "the computed attribute is not in the schema")
        }
        let reject = try #require(Self.rejects(in: store).first { $0["record"]?["data"]?["id"] == .number("5") })
        #expect(
            reject.serialized
                == #"{"line":5,"stream":"a","namespace":null,"step":{"index":2,"kind":"math","name":"double"},"reason":"'*' needs a number, and the string does not hold one at column 3","record":{"stream":"a","data":{"id":5,"v":"x5"},"emitted_at":1700000000000}}"#
        )
        #expect(store.uploadsInProgress == 0)
    }

    @Test func onErrorFailStopsAtTheFirstReject() throws {
        let lines = [
            Fixtures.record("a", #"{"id":1,"v":1}"#), Fixtures.state(1), Fixtures.record("a", #"{"id":2,"v":"no"}"#),
            Fixtures.state(2),
        ]
        let output = WatchingOutput()
        #expect {
            try Fixtures.run(
                lines, store: InMemoryObjectStore(), output: output, catalog: Fixtures.catalog([("a", .append)]),
                configuration: Self.configuration(errors: #"{"on_error":"fail"}"#))
        } throws: { error in
            guard let error = error as? TransformError else { return false }
            #expect(error.stream == StreamDescriptor(name: "a"))
            #expect(error.rejected == 1)
            #expect(error.failureType == .systemError)
            #expect(
                error.message
                    == "Stream 'a' rejected a record at line 3 in step 2 (math 'double') ('*' needs a number, and the string does not hold one at column 3), and 'transform_errors.on_error' is 'fail'; fix the record or the step, or set 'on_error' to 'reject'."
            )
            return true
        }
        #expect(!output.lines.contains { $0.contains(#""n":2"#) })
    }

    @Test func maxRejectedFailsOnlyPastTheLimit() throws {
        let lines = (1...6).map { Fixtures.record("a", #"{"id":\#($0),"v":"s\#($0)"}"#) }
        let catalog = Fixtures.catalog([("a", .append)])
        let totals = try Fixtures.run(
            Array(lines.prefix(3)), store: InMemoryObjectStore(), output: WatchingOutput(), catalog: catalog,
            configuration: Self.configuration(errors: #"{"max_rejected":3}"#))
        #expect(totals.rejected == 3)
        #expect {
            try Fixtures.run(
                lines, store: InMemoryObjectStore(), output: WatchingOutput(), catalog: catalog,
                configuration: Self.configuration(errors: #"{"max_rejected":3}"#))
        } throws: { error in
            guard let error = error as? TransformError else { return false }
            #expect(error.rejected == 4)
            #expect(
                error.message.hasPrefix(
                    "Stream 'a' rejected 4 records, more than its 'transform_errors.max_rejected' of 3 (the last at line 4 in step 2 (math 'double'): "
                ))
            return true
        }
    }

    @Test func jsonlWithoutFlatteningCarriesTheTransformedData() throws {
        let steps = #"[{"selectAttributes":{"attributes":["d.t","id"]}},{"math":{"attribute":"t2","math":"t / 2"}}]"#
        var config = try Self.configuration(steps, format: .jsonl)
        config.flattening = .none
        let store = InMemoryObjectStore()
        try Fixtures.run(
            [Fixtures.record("a", #"{"id":1,"d":{"t":5,"h":1}}"#)], store: store, output: WatchingOutput(),
            catalog: Fixtures.catalog([("a", .append)]), configuration: config)
        let key = try #require(store.keys.first { $0.hasPrefix("out/a/") })
        #expect(key.hasSuffix(".jsonl"))
        let row = try JSONValue.parse(Array(try #require(store.object(key)).dropLast()))
        #expect(row["_airbyte_data"]?.serialized == #"{"t":5,"id":1,"t2":2.5}"#)
        #expect(row["_airbyte_emitted_at"] == .number("1700000000000"))
    }

    @Test func rejectsOfANamespacedStreamGoUnderItsNamespace() throws {
        let store = InMemoryObjectStore()
        let catalog = Catalog(streams: [Catalog.Stream(name: "a", namespace: "ns", columns: ["id", "v"])])
        let totals = try Fixtures.run(
            [Fixtures.record("a", #"{"id":1,"v":"z"}"#, namespace: "ns")], store: store, output: WatchingOutput(),
            catalog: catalog, configuration: Self.configuration(stream: "ns.a"))
        #expect(totals.rejected == 1)
        let keys = store.keys.filter { $0.hasPrefix("out/_rejects/ns/a/") }
        #expect(keys.count == 1 && keys[0].hasSuffix("_0.jsonl"), "\(store.keys)")
        #expect(Self.rejects(in: store).first?["namespace"] == .string("ns"))
    }

    @Test func streamsWithoutTransformsAreUntouched() throws {
        let store = InMemoryObjectStore()
        let totals = try Fixtures.run(
            [Fixtures.record("b", #"{"id":7,"v":"z"}"#), Fixtures.record("a", #"{"id":7,"v":1}"#)], store: store,
            output: WatchingOutput(), catalog: Fixtures.catalog([("a", .append), ("b", .append)]),
            configuration: Self.configuration())
        #expect(totals.filtered == 1)
        #expect(Fixtures.rows(in: store, prefix: "out/b/").map { Array($0[2...]) } == [["7", "z", ""]])
        #expect(Fixtures.rows(in: store, prefix: "out/a/").isEmpty)
    }
}
