import Foundation
import Testing

@testable import StowageCore

@Suite struct ConfigurationTests {
    static func parse(_ text: String) throws(ConfigError) -> Configuration {
        let value: JSONValue
        do { value = try JSONValue.parse(Array(text.utf8)) } catch { throw ConfigError("bad test input") }
        return try Configuration.parse(value, source: "config.json")
    }

    @Test func anAirbyteDestinationS3ConfigIsAcceptedUnchanged() throws {
        let config = try Self.parse(
            #"{"s3_bucket_name":"b","s3_bucket_path":"p","s3_bucket_region":"eu-west-1","access_key_id":"AK","secret_access_key":"SK","s3_endpoint":"","s3_path_format":"","file_name_pattern":"{date}","format":{"format_type":"CSV","flattening":"Root level flattening","compression":{"compression_type":"No Compression"}}}"#
        )
        #expect(config.bucketName == "b")
        #expect(config.region == "eu-west-1")
        #expect(config.flattening == .rootLevel)
        #expect(config.pathFormat == Configuration.defaultPathFormat)
        #expect(config.ignoredFields == ["file_name_pattern"])
    }

    static let mistakes: [(String, String)] = [
        (#"{}"#, "has no 's3_bucket_name'"),
        (#"{"s3_bucket_name":3}"#, "'s3_bucket_name' in the config file 'config.json' must be a string"),
        (#"{"s3_bucket_name":"b","format":{"format_type":"Avro"}}"#, "format 'Avro'"),
        (#"{"s3_bucket_name":"b","format":{"flattening":"Deep"}}"#, "flattening 'Deep'"),
        (
            #"{"s3_bucket_name":"b","max_file_size_mb":0}"#,
            "'max_file_size_mb' in the config file 'config.json' is '0'; set a number from 1 to 5242880."
        ),
        (#"{"s3_bucket_name":"b","parts_in_flight":100}"#, "from 1 to 64"),
        (#"[]"#, "must hold a JSON object"),
    ]

    /// Values that once crashed the process (a trap converting to Int) are config errors naming field, value and range.
    static let hostileNumbers: [(String, String)] = [
        ("max_file_size_mb", "1e400"), ("max_file_size_mb", #""inf""#), ("max_file_size_mb", "1e19"),
        ("max_record_size_mb", #""1e400""#), ("max_record_size_mb", #""nan""#), ("part_size_mb", "-5"),
        ("part_size_mb", "9223372036854775807"), ("parts_in_flight", "2.5"), ("retry_max_attempts", #""0x10""#),
        ("commit_interval_seconds", #""-inf""#), ("retry_max_seconds", "1e308"), ("max_file_size_mb", "[1]"),
    ]

    @Test(arguments: hostileNumbers)
    func everyNumericFieldHasARange(_ pair: (String, String)) {
        #expect {
            try Self.parse(#"{"s3_bucket_name":"b","\#(pair.0)":\#(pair.1)}"#)
        } throws: { error in
            let message = (error as? ConfigError)?.message ?? ""
            return message.contains("'\(pair.0)' in the config file 'config.json'") && message.contains(" from ")
        }
    }

    @Test func numbersMayBeStrings() throws {
        let config = try Self.parse(#"{"s3_bucket_name":"b","max_file_size_mb":" 3 ","parts_in_flight":"4"}"#)
        #expect(config.maxFileSize == 3 << 20)
        #expect(config.partsInFlight == 4)
    }

    @Test(arguments: mistakes)
    func mistakesNameTheFieldAndTheFix(_ pair: (String, String)) {
        #expect {
            try Self.parse(pair.0)
        } throws: { error in
            (error as? ConfigError)?.message.contains(pair.1) == true
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect {
            try Configuration.load(path: "/nonexistent/config.json")
        } throws: { error in
            (error as? ConfigError)?.message.contains("'/nonexistent/config.json'") == true
        }
    }

    @Test func invalidJSONNamesTheLineAndColumn() throws {
        let path = NSTemporaryDirectory() + "stowage-bad-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "{\n  \"s3_bucket_name\": \"b\",\n  oops\n}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try Configuration.load(path: path)
        } throws: { error in
            (error as? ConfigError)?.message.contains("line 3, column 3") == true
        }
    }

    @Test func theSecretNeverAppearsInADescription() throws {
        let config = try Self.parse(#"{"s3_bucket_name":"b","secret_access_key":"TOPSECRET123"}"#)
        #expect(!String(describing: config).contains("TOPSECRET123"))
        #expect(!String(reflecting: config).contains("TOPSECRET123"))
    }

    @Test func theSpecFileAndTheBinaryAgree() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../specs/connector-spec.json"
        ).path
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! NSDictionary
        let embedded = try JSONSerialization.jsonObject(with: Data(ConnectorSpecification.json.utf8)) as! NSDictionary
        #expect(file == embedded)
    }
}
