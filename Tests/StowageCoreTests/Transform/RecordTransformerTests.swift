import Testing

@testable import StowageCore

@Suite struct RecordTransformerTests {
    private func run(_ steps: String, _ data: String) throws -> Transformed {
        try Transforming.run(Transforming.pipeline(steps), data)
    }

    /// A one-step pipeline setting `attribute` to `expression` (both written as JSON strings).
    private func math(_ expression: String, _ attribute: String = "r") -> String {
        var text = #"[{"math":{"attribute":"#
        JSONValue.writeString(attribute, to: &text)
        text += #","math":"#
        JSONValue.writeString(expression, to: &text)
        return text + "}}]"
    }

    // The examples of the IoT Analytics user guide (pipeline-activities.md), reproduced.
    @Test func theUserGuidesExamples() throws {
        #expect(try run(math("(tempF - 32) / 2", "tempC"), #"{"tempF":50}"#) == .kept(#"{"tempF":50,"tempC":9}"#))
        #expect(
            try run(
                #"[{"selectAttributes":{"attributes":["device.temp","device.hum","light"]}}]"#,
                #"{"device":{"id":"d1","temp":50,"hum":40},"light":90}"#) == .kept(#"{"temp":50,"hum":40,"light":90}"#))
        #expect(
            try run(#"[{"removeAttributes":{"attributes":["device"]}}]"#, #"{"device":{"temp":50},"light":90}"#)
                == .kept(#"{"light":90}"#))
        #expect(
            try run(
                #"[{"addAttributes":{"attributes":{"device.id":"id","device.coord[0]":"lat","device.coord[1]":"lon"}}}]"#,
                #"{"device":{"id":"d1","coord":[47.6,-122.3]}}"#)
                == .kept(#"{"device":{"id":"d1","coord":[47.6,-122.3]},"id":"d1","lat":47.6,"lon":-122.3}"#))
        #expect(
            try run(math("((temp - 32) * 5.0) / 9.0", "tempC"), #"{"temp":68}"#) == .kept(#"{"temp":68,"tempC":20}"#))
    }

    @Test(arguments: [
        (#"{"temperature":41,"status":"ok"}"#, true), (#"{"temperature":40,"status":"ok"}"#, false),
        (#"{"temperature":41,"status":"test"}"#, false), (#"{"temperature":41}"#, false),
        (#"{"status":"ok"}"#, false), (#"{"temperature":null,"status":"ok"}"#, false),
        (#"{"temperature":"41.5","status":"ok"}"#, true),
    ])
    func filterKeepsOnlyTrue(_ data: String, _ keeps: Bool) throws {
        let outcome = try run(#"[{"filter":{"filter":"temperature > 40 AND status != 'test'"}}]"#, data)
        #expect(outcome == (keeps ? .kept(data) : .filtered))
    }

    @Test func aFilterOnlyPipelinePassesRecordsThroughUntouched() throws {
        let pipeline = try Transforming.pipeline(#"[{"filter":{"filter":"a = 1"}},{"filter":{"filter":"b IS NULL"}}]"#)
        #expect(!pipeline.reshapes)
        let line = Array(Fixtures.record("s", #"{ "a" : 1 , "c" : [1, 2] }"#).utf8)
        try line.withUnsafeBufferPointer { line in
            var members = MemberList()
            let message = try MessageParser(listsDataMembers: true).parse(line, appendingMembersTo: &members)
            let record = RecordView(
                line: line, emittedAt: message.emittedAt!, data: message.data!, members: members.members)
            var transformer = RecordTransformer()
            guard case .unchanged = transformer.run(TransformPlan(pipeline), on: record) else {
                Issue.record("a filter-only pipeline re-rendered the record")
                return
            }
        }
    }

    @Test func aFilterResultOtherThanABooleanRejects() throws {
        #expect(
            try run(#"[{"filter":{"filter":"a + 1"}}]"#, #"{"a":1}"#)
                == .rejected(0, "the filter gave a number, not a boolean at column 1"))
    }

    @Test func mathSetsInPlaceOrAppendsAndLeavesMissingUnset() throws {
        #expect(try run(math("a * 2", "a"), #"{"a":3,"b":1}"#) == .kept(#"{"a":6,"b":1}"#))
        #expect(try run(math("a * 2"), #"{"a":3,"b":1}"#) == .kept(#"{"a":3,"b":1,"r":6}"#))
        #expect(try run(math("x * 2"), #"{"a":3}"#) == .kept(#"{"a":3}"#), "missing leaves it unset")
        #expect(try run(math("x * 2", "a"), #"{"a":3}"#) == .kept(#"{"a":3}"#), "missing keeps the old value")
        #expect(try run(math("x * 2"), #"{"x":null}"#) == .kept(#"{"x":null,"r":null}"#))
        #expect(
            try run(math("upper(s)"), #"{"s":"straße \"q\""}"#) == .kept(#"{"s":"straße \"q\"","r":"STRASSE \"Q\""}"#))
        #expect(try run(math("a / 3"), #"{"a":1}"#) == .kept(#"{"a":1,"r":0.3333333333333333}"#))
        #expect(try run(math("coalesce(o, 1)"), #"{"o":{"k":[1, 2]}}"#) == .kept(#"{"o":{"k":[1,2]},"r":{"k":[1,2]}}"#))
    }

    @Test(arguments: [
        ("'abc' * 2", "'*' needs a number, and the string does not hold one at column 7"),
        ("sqrt(a)", "'sqrt' of a negative number at column 1"),
        ("a / 0", "'/' divides by zero at column 3"),
        ("upper(a)", "'upper' needs a string, not a number at column 1"),
        ("s * 2", "'*' needs a number, and the string does not hold one at column 3"),
        ("b > 1", "'>' cannot compare a boolean with a number at column 3"),
        ("big + 1", "'attribute' holds a number beyond the range of a double at column 1"),
    ])
    func typeAndDomainErrorsReject(_ expression: String, _ reason: String) throws {
        #expect(
            try run(
                #"[{"filter":{"filter":"TRUE"}},\#(math(expression).dropFirst())"#,
                #"{"a":-4,"s":"x","b":true,"big":1e400}"#)
                == .rejected(1, reason))
    }

    @Test func selectBuildsTheRecordAtTheRootInTheListedOrder() throws {
        let data = #"{"id":1,"d":{"t":2,"h":{"x":3}},"arr":[{"t":9}],"z":0}"#
        #expect(
            try run(#"[{"selectAttributes":{"attributes":["z","d.h.x","arr[0].t","missing","id"]}}]"#, data)
                == .kept(#"{"z":0,"x":3,"t":9,"id":1}"#))
        #expect(
            try run(#"[{"selectAttributes":{"attributes":["d.t","arr[0].t"]}}]"#, data) == .kept(#"{"t":9}"#),
            "a later path with the same name wins")
        #expect(try run(#"[{"selectAttributes":{"attributes":["nothing"]}}]"#, data) == .kept("{}"))
    }

    @Test func removeTakesRootAndNestedPaths() throws {
        let data = #"{"a":1,"d":{"serial":"x","t":2,"deep":{"k":1,"j":2}},"c":[1,{"q":1,"w":2},3]}"#
        let remove = { (paths: String) in try self.run(#"[{"removeAttributes":{"attributes":\#(paths)}}]"#, data) }
        #expect(
            try remove(#"["a"]"#) == .kept(#"{"d":{"serial":"x","t":2,"deep":{"k":1,"j":2}},"c":[1,{"q":1,"w":2},3]}"#))
        #expect(
            try remove(#"["d.serial","d.deep.j"]"#)
                == .kept(#"{"a":1,"d":{"t":2,"deep":{"k":1}},"c":[1,{"q":1,"w":2},3]}"#))
        #expect(
            try remove(#"["c[0]"]"#)
                == .kept(#"{"a":1,"d":{"serial":"x","t":2,"deep":{"k":1,"j":2}},"c":[{"q":1,"w":2},3]}"#))
        #expect(
            try remove(#"["c[1].w","a"]"#)
                == .kept(#"{"d":{"serial":"x","t":2,"deep":{"k":1,"j":2}},"c":[1,{"q":1},3]}"#))
        #expect(try remove(#"["nope","d.nope","c[7]","a.b"]"#) == .kept(data), "missing paths change nothing")
    }

    @Test func addCopiesAndReplacesByName() throws {
        #expect(
            try run(#"[{"addAttributes":{"attributes":{"d.t":"a","d.missing":"m"}}}]"#, #"{"a":1,"d":{"t":2}}"#)
                == .kept(#"{"a":2,"d":{"t":2}}"#))
    }

    @Test func stepsSeeEachOthersResults() throws {
        let steps = #"""
            [{"math":{"attribute":"f","math":"c * 9 / 5 + 32"}},{"filter":{"filter":"f >= 212"}},
             {"addAttributes":{"attributes":{"tags.site":"site"}}},{"removeAttributes":{"attributes":["tags","c"]}},
             {"math":{"attribute":"label","math":"concat(site, '-', f)"}},{"selectAttributes":{"attributes":["label","f"]}}]
            """#
        #expect(try run(steps, #"{"c":100,"tags":{"site":"oslo"}}"#) == .kept(#"{"label":"oslo-212","f":212}"#))
        #expect(try run(steps, #"{"c":99,"tags":{"site":"oslo"}}"#) == .filtered)
    }

    @Test func namesAreMatchedDecodedAndWhitespaceGoes() throws {
        #expect(
            try run(math("temp + 1"), #"{ "t\u0065mp" : 1 , "o" : { "k" : [ 1 , 2 ] } }"#)
                == .kept(#"{"t\u0065mp":1,"o":{"k":[1,2]},"r":2}"#))
        #expect(try run(math("\"odd key\" * 2"), #"{"odd key":4}"#) == .kept(#"{"odd key":4,"r":8}"#))
        #expect(try run(math("a", "new \"name\""), #"{"a":true}"#) == .kept(#"{"a":true,"new \"name\"":true}"#))
    }

    // The rendered record's members are listed as they are written; Transforming.run checks that list, flags
    // included, against a scan of the result.
    @Test func renderedMembersCarryTheFlagsAScanWouldFind() throws {
        let data = #"{ "o" : { "k\u0041" : "é\n" , "gone" : "\t" , "x" : [ 1 ] } , "n" : 2 }"#
        #expect(
            try run(#"[{"removeAttributes":{"attributes":["o.gone"]}}]"#, data)
                == .kept(#"{"o":{"k\u0041":"é\n","x":[1]},"n":2}"#))
        #expect(
            try run(#"[{"removeAttributes":{"attributes":["o.kA","o.gone"]}}]"#, data)
                == .kept(#"{"o":{"x":[1]},"n":2}"#))
        #expect(try run(math("n", "température"), #"{"n":2}"#) == .kept(#"{"n":2,"température":2}"#))
        #expect(try run(math("concat('é', n)", "t\\u0041b"), #"{"n":2}"#) == .kept(#"{"n":2,"t\\u0041b":"é2"}"#))
    }

    @Test func oneTransformerServesManyRecordsOfEverySize() throws {
        let reused = Transforming.Reused()
        let pipeline = try Transforming.pipeline(
            #"[{"math":{"attribute":"n","math":"concat(s, s)"}},{"removeAttributes":{"attributes":["o.k"]}}]"#)
        for size in [0, 1, 10, 5000, 3, 70000, 2] {
            let s = String(repeating: "é", count: size)
            let members = (0..<(size % 200)).map { #","m\#($0)":\#($0)"# }.joined()
            let outcome = try Transforming.run(
                pipeline, #"{"s":"\#(s)","o":{"k":1,"j":2}\#(members)}"#, reused: reused)
            #expect(outcome == .kept(#"{"s":"\#(s)","o":{"j":2}\#(members),"n":"\#(s)\#(s)"}"#))
        }
    }

    @Test func membersInAnyOrderResolveThoughPositionsAreRemembered() throws {
        let reused = Transforming.Reused()
        let pipeline = try Transforming.pipeline(
            #"[{"filter":{"filter":"b > 0"}},{"math":{"attribute":"s","math":"a + b"}},{"selectAttributes":{"attributes":["s","a"]}}]"#
        )
        let orders = [
            #"{"a":1,"b":2}"#, #"{"b":2,"a":1}"#, #"{"x":0,"b":2,"y":0,"a":1}"#, #"{"a":1}"#, #"{"b":2,"a":1}"#,
        ]
        let outcomes = try orders.map { try Transforming.run(pipeline, $0, reused: reused) }
        #expect(
            outcomes == [
                .kept(#"{"s":3,"a":1}"#), .kept(#"{"s":3,"a":1}"#), .kept(#"{"s":3,"a":1}"#), .filtered,
                .kept(#"{"s":3,"a":1}"#),
            ])
    }

    @Test func veryLongExpressionsAndDeepNesting() throws {
        let terms = Array(repeating: "a", count: 1300).joined(separator: "+")
        #expect(terms.utf8.count < 4096)
        #expect(try run(math(terms), #"{"a":2}"#) == .kept(#"{"a":2,"r":2600}"#))
        let nested = String(repeating: "(", count: 63) + "a" + String(repeating: ")", count: 63)
        #expect(try run(math(nested), #"{"a":2}"#) == .kept(#"{"a":2,"r":2}"#))
        // A record 300 objects deep, and a path to its bottom.
        let path = Array(repeating: "k", count: 300).joined(separator: ".")
        let inner = String(repeating: #"{"k":"#, count: 299) + "7" + String(repeating: "}", count: 299)
        #expect(try run(math(path + " * 2"), #"{"k":\#(inner)}"#) == .kept(#"{"k":\#(inner),"r":14}"#))
        let emptied = String(repeating: #"{"k":"#, count: 298) + "{}" + String(repeating: "}", count: 298)
        #expect(
            try run(#"[{"removeAttributes":{"attributes":["\#(path)"]}}]"#, #"{"k":\#(inner)}"#)
                == .kept(#"{"k":\#(emptied)}"#))
    }
}
