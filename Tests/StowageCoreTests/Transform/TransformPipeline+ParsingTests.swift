import Testing

@testable import StowageCore

@Suite struct TransformPipelineParsingTests {
    private func parse(_ json: String) throws(TransformDefinitionError) -> TransformPipeline? {
        let value: JSONValue
        do { value = try JSONValue.parse(Array(json.utf8)) } catch { fatalError("bad test input \(json)") }
        return try TransformPipeline.parse(value)
    }

    private func kinds(_ json: String) throws -> [String] {
        try #require(try parse(json)).steps.map { $0.kind.rawValue + ($0.name.map { ":" + $0 } ?? "") }
    }

    @Test func everyStepShapeCompiles() throws {
        let steps = #"""
            [{"filter":{"filter":"temp > 40 AND hum < 20"}},{"math":{"attribute":"tempC","math":"(tempF - 32) / 2"}},
             {"selectAttributes":{"attributes":["device.temp","light"]}},{"removeAttributes":{"attributes":["device"]}},
             {"addAttributes":{"attributes":{"device.id":"id","device.coord[0]":"lat"}}}]
            """#
        #expect(try kinds(steps) == ["filter", "math", "selectAttributes", "removeAttributes", "addAttributes"])
        #expect(try parse("[]") == nil, "an empty list is no transforms")
    }

    @Test func nextLinksOrderAWholePipelineDefinition() throws {
        // Listed out of order, as a `create-pipeline` file may be; channel and datastore are skipped.
        let definition = #"""
            {"pipelineName":"p","pipelineActivities":[
             {"datastore":{"name":"store","datastoreName":"ds"}},
             {"math":{"name":"f","attribute":"f","math":"c * 9 / 5 + 32","next":"keep"}},
             {"channel":{"name":"in","channelName":"ch","next":"f"}},
             {"removeAttributes":{"name":"drop","attributes":["c"],"next":"store"}},
             {"filter":{"name":"keep","filter":"f > 0","next":"drop"}}]}
            """#
        #expect(try kinds(definition) == ["math:f", "filter:keep", "removeAttributes:drop"])
        #expect(
            try kinds(#"{"pipelineActivities":[{"filter":{"filter":"a"}},{"math":{"attribute":"b","math":"1"}}]}"#)
                == ["filter", "math"], "without next, the listed order")
    }

    static let mistakes: [(String, Int?, Int?, String)] = [
        (#"3"#, nil, nil, "must be a list of steps or a pipeline definition"),
        (#"{"pipelineName":"p"}"#, nil, nil, "'pipelineActivities' list"),
        (
            #"[{"lambda":{"name":"L","lambdaName":"f","batchSize":10}}]"#, 1, nil,
            "is a lambda activity, which Stowage does not support"
        ),
        (
            #"[{"filter":{"filter":"a"}},{"deviceRegistryEnrich":{"name":"R","attribute":"x","thingName":"t","roleArn":"r"}}]"#,
            2, nil, "is a deviceRegistryEnrich activity"
        ),
        (
            #"[{"deviceShadowEnrich":{"attribute":"x","thingName":"t","roleArn":"r"}}]"#, 1, nil,
            "is a deviceShadowEnrich activity"
        ),
        (#"[{"sort":{}}]"#, 1, nil, "is 'sort', which is not an activity Stowage knows"),
        (#"[{"filter":{"filter":"a"},"math":{}}]"#, 1, nil, "must be an object with one activity"),
        (#"[{"filter":"a > 1"}]"#, 1, nil, "must hold an object of the activity's fields"),
        (#"[{"filter":{}}]"#, 1, nil, "has no 'filter' expression"),
        (
            #"[{"filter":{"filter":"temperature > (40"}}]"#, 1, 17,
            "has an invalid filter expression: Expected ')' at column 17 of 'temperature > (40'"
        ),
        (
            #"[{"filter":{"filter":"a"}},{"math":{"attribute":"x","math":"a ** 2"}}]"#, 2, 4,
            "has an invalid math expression: Expected a value at column 4"
        ),
        (#"[{"math":{"attribute":"é","math":"temp_é * 2"}}]"#, 1, 6, "Unexpected character 'é'"),
        (#"[{"math":{"math":"1"}}]"#, 1, nil, "has no 'attribute' to set"),
        (#"[{"selectAttributes":{"attributes":[]}}]"#, 1, nil, "has no 'attributes' list"),
        (#"[{"selectAttributes":{"attributes":[3]}}]"#, 1, nil, "lists 3, which is not a string"),
        (#"[{"selectAttributes":{"attributes":["coords[0]"]}}]"#, 1, nil, "ends with an index"),
        (#"[{"removeAttributes":{"attributes":["a + b"]}}]"#, 1, nil, "lists 'a + b', which is not an attribute path"),
        (
            #"[{"removeAttributes":{"attributes":["a.[1]"]}}]"#, 1, 3,
            "has an invalid attribute path: Expected an attribute name after '.'"
        ),
        (
            #"[{"addAttributes":{"attributes":{"a":""}}}]"#, 1, nil,
            "maps 'a' to something other than a non-empty attribute name"
        ),
        (#"[{"addAttributes":{"attributes":{}}}]"#, 1, nil, "has no 'attributes' object"),
        (
            #"[{"filter":{"name":"a","filter":"x","next":"b"}},{"math":{"name":"c","attribute":"y","math":"1"}}]"#, 1,
            nil, "names 'b' as its next activity, but no activity has that name"
        ),
        (
            #"[{"filter":{"name":"a","filter":"x","next":"b"}},{"math":{"attribute":"y","math":"1"}}]"#, 2, nil,
            "has no 'name'"
        ),
        (
            #"[{"filter":{"name":"a","filter":"x","next":"b"}},{"math":{"name":"a","attribute":"y","math":"1"}}]"#, 2,
            nil, "has the name of an earlier activity"
        ),
        (
            #"[{"filter":{"name":"a","filter":"x","next":"b"}},{"math":{"name":"b","attribute":"y","math":"1","next":"a"}}]"#,
            nil, nil, "0 activities that no 'next' names"
        ),
        (
            #"[{"filter":{"name":"a","filter":"x","next":"b"}},{"math":{"name":"b","attribute":"y","math":"1","next":"c"}},{"filter":{"name":"c","filter":"x","next":"b"}}]"#,
            nil, nil, "loop or leave activities out"
        ),
    ]

    @Test(arguments: mistakes)
    func mistakesNameTheStepAndColumn(_ mistake: (String, Int?, Int?, String)) {
        #expect {
            try parse(mistake.0)
        } throws: { error in
            guard let error = error as? TransformDefinitionError else { return false }
            #expect(error.position == mistake.1)
            #expect(error.column == mistake.2)
            #expect(error.problem.contains(mistake.3), "\(error.problem)")
            return true
        }
    }

    @Test func theConfigErrorNamesTheStreamTheStepAndTheFile() throws {
        let config = #"""
            {"s3_bucket_name":"b","streams":{"iot.telemetry":{"transforms":[{"filter":{"filter":"a > 1"}},
             {"math":{"name":"MyMath","attribute":"x","math":"sqrt(a"}}]}}}
            """#
        #expect {
            try ConfigurationTests.parse(config)
        } throws: { error in
            (error as? ConfigError)?.message
                == "Step 2 (math 'MyMath') of 'streams.iot.telemetry.transforms' in the config file 'config.json' has an invalid math expression: Expected ',' or ')' at column 6 of 'sqrt(a'; correct it."
        }
        #expect {
            try ConfigurationTests.parse(
                #"{"s3_bucket_name":"b","streams":{"t":{"transforms":[{"lambda":{"name":"L"}}]}}}"#)
        } throws: { error in
            (error as? ConfigError)?.message.hasPrefix(
                "Step 1 (lambda 'L') of 'streams.t.transforms' in the config file 'config.json' is a lambda activity")
                == true
        }
    }

    @Test func transformsForceMemberListingAndErrorsParse() throws {
        let plain = try ConfigurationTests.parse(#"{"s3_bucket_name":"b","streams":{"t":{"record_time_field":"ts"}}}"#)
        #expect(!plain.listsDataMembers)
        let config = try ConfigurationTests.parse(
            #"""
            {"s3_bucket_name":"b","transform_errors":{"on_error":"fail","max_rejected":"5"},
             "streams":{"t":{"transforms":[{"filter":{"filter":"a"}}],"transform_errors":{"max_rejected":0}},
                        "ns.u":{"transforms":[{"filter":{"filter":"a"}}],"transform_errors":{"on_error":"reject"}}}}
            """#)
        #expect(config.listsDataMembers)
        #expect(config.transformErrors == TransformErrorPolicy(onError: .fail, maxRejected: 5))
        let t = Catalog.Stream(name: "t")
        let u = Catalog.Stream(name: "u", namespace: "ns")
        #expect(config.transformErrors(for: t) == TransformErrorPolicy(onError: .fail, maxRejected: 0))
        #expect(config.transformErrors(for: u) == TransformErrorPolicy(onError: .reject, maxRejected: 5))
        #expect(config.rejectStreams(of: Catalog(streams: [u, Catalog.Stream(name: "v"), t])) == [3, nil, 4])
    }

    @Test(arguments: [
        (
            #"{"on_error":"skip"}"#,
            "'transform_errors.on_error' 'skip' in the config file 'config.json' is unknown; use 'reject' or 'fail'."
        ),
        (
            #"{"max_rejected":-1}"#,
            "'transform_errors.max_rejected' in the config file 'config.json' is '-1'; set a whole number from 0 to 1000000000000."
        ),
        (
            #"{"max_rejected":2.5}"#,
            "'transform_errors.max_rejected' in the config file 'config.json' is '2.5'; set a whole number from 0 to 1000000000000."
        ),
        (#"[]"#, "'transform_errors' in the config file 'config.json' must be an object; correct its value."),
    ])
    func transformErrorsMistakes(_ value: String, _ message: String) {
        #expect {
            try ConfigurationTests.parse(#"{"s3_bucket_name":"b","transform_errors":\#(value)}"#)
        } throws: { error in
            (error as? ConfigError)?.message == message
        }
    }
}
