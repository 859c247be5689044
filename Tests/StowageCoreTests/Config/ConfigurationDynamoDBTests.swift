import AWSTesting
import DynamoDB
import Foundation
import Testing

@testable import StowageCore

@Suite struct ConfigurationDynamoDBTests {
    static func parse(_ text: String) throws(ConfigError) -> Configuration {
        try ConfigurationTests.parse(text)
    }

    @Test func anAirbyteDestinationDynamoDBConfigIsAcceptedUnchanged() throws {
        let config = try Self.parse(
            #"{"dynamodb_table_name_prefix":"airbyte_sync","dynamodb_region":"eu-west-1","dynamodb_endpoint":"http://127.0.0.1:5055","access_key_id":"AK","secret_access_key":"SK"}"#
        )
        let dynamoDB = try #require(config.dynamoDB)
        #expect(dynamoDB.tableNamePrefix == "airbyte_sync")
        #expect(dynamoDB.region == "eu-west-1")
        #expect(dynamoDB.endpoint == "http://127.0.0.1:5055")
        #expect(config.accessKeyId == "AK")
        #expect(config.secretAccessKey == "SK")
        #expect(config.commitIntervalSeconds == 1)
        #expect(config.retryMaxAttempts == 10)
        #expect(config.listsDataMembers)
        #expect(!String(describing: config).contains("SK\""))
    }

    @Test func anS3ConfigStillWritesFiles() throws {
        let config = try Self.parse(#"{"s3_bucket_name":"b"}"#)
        #expect(config.destination == .files)
        #expect(config.dynamoDB == nil)
        #expect(config.commitIntervalSeconds == 300)
    }

    @Test func anyDynamoDBFieldSelectsDynamoDB() throws {
        #expect(try Self.parse(#"{"dynamodb_region":"us-east-1"}"#).dynamoDB?.tableNamePrefix == nil)
        #expect(try Self.parse(#"{"dynamodb_endpoint":""}"#).dynamoDB != nil)
        #expect(try Self.parse(#"{"dynamo_db_table_name":"old"}"#).dynamoDB?.tableNamePrefix == "old")
    }

    @Test func stowagesOwnKnobsAreRead() throws {
        let config = try Self.parse(
            #"{"dynamodb_table_name_prefix":"p","invalid_numbers":"string","dynamodb_batches_in_flight":"8","commit_interval_seconds":5,"retry_max_attempts":3,"streams":{"ns.readings":{"hash_key":"device","range_key":"ts"}}}"#
        )
        #expect(config.dynamoDB?.invalidNumbers == .string)
        #expect(config.dynamoDB?.batchesInFlight == 8)
        #expect(config.commitIntervalSeconds == 5)
        #expect(config.retryMaxAttempts == 3)
        let settings = config.settings(for: Catalog.Stream(name: "readings", namespace: "ns"))
        #expect(settings.hashKey == "device")
        #expect(settings.rangeKey == "ts")
    }

    static let mistakes: [(String, String)] = [
        (
            #"{"s3_bucket_name":"b","dynamodb_table_name_prefix":"p"}"#,
            "has both 's3_bucket_name' and DynamoDB fields"
        ),
        (
            #"{"dynamodb_table_name_prefix":"my table"}"#,
            "'dynamodb_table_name_prefix' 'my table' in the config file 'config.json' holds ' '"
        ),
        (#"{"dynamodb_table_name_prefix":"p","invalid_numbers":"round"}"#, "'invalid_numbers' 'round'"),
        (
            #"{"dynamodb_table_name_prefix":"p","dynamodb_batches_in_flight":0}"#,
            "'dynamodb_batches_in_flight' in the config file 'config.json' is '0'; set a whole number from 1 to 64."
        ),
        (#"{"dynamodb_region":5}"#, "'dynamodb_region' in the config file 'config.json' must be a string"),
        (#"{}"#, "or 'dynamodb_table_name_prefix' to write into DynamoDB"),
    ]

    @Test(arguments: mistakes)
    func mistakesNameTheFieldAndTheFix(_ pair: (String, String)) {
        #expect {
            try Self.parse(pair.0)
        } throws: { error in
            (error as? ConfigError)?.message.contains(pair.1) == true
        }
    }

    @Test func theDynamoDBSpecFileAndTheBinaryAgree() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../specs/connector-spec-dynamodb.json"
        ).path
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! NSDictionary
        let embedded =
            try JSONSerialization.jsonObject(with: Data(ConnectorSpecification.dynamoDBJSON.utf8)) as! NSDictionary
        #expect(file == embedded)
    }

    @Test func theDynamoDBSpecNamesEveryFieldTheParserReads() throws {
        let spec = try JSONValue.parse(Array(ConnectorSpecification.dynamoDBJSON.utf8))
        let properties = spec["connectionSpecification"]?["properties"]?.objectMembers?.map(\.0) ?? []
        for field in DynamoDBDestination.selectingFields where field != "dynamo_db_table_name" {
            #expect(properties.contains(field))
        }
        for field in [NumericField.batchesInFlight, .commitIntervalSeconds, .retryMaxAttempts, .retryMaxSeconds] {
            let property = spec["connectionSpecification"]?["properties"]?[field.key]
            #expect(property != nil)
            if case .number(let minimum)? = property?["minimum"] { #expect(Double(minimum) == field.minimum) }
        }
    }

    @Test func theClientComesFromTheConfigThenTheEnvironment() throws {
        let fromEnvironment = try Self.parse(#"{"dynamodb_table_name_prefix":"p"}"#).makeDynamoDBClient(
            environment: [
                "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9999", "AWS_REGION": "eu-north-1",
                "AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "SKENV",
            ], logger: Fixtures.logger, transport: InMemoryDynamoDB())
        #expect(fromEnvironment.endpoint.displayURL == "http://127.0.0.1:9999")
        #expect(fromEnvironment.endpoint.region == "eu-north-1")
        #expect(fromEnvironment.accessKeyId == "AKENV")
        let configured = try Self.parse(
            #"{"dynamodb_table_name_prefix":"p","dynamodb_endpoint":"http://127.0.0.1:5055","dynamodb_region":"us-west-2","access_key_id":"AKCFG","secret_access_key":"SKCFG"}"#
        ).makeDynamoDBClient(
            environment: ["AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9999", "AWS_ACCESS_KEY_ID": "AKENV"],
            logger: Fixtures.logger, transport: InMemoryDynamoDB())
        #expect(configured.endpoint.displayURL == "http://127.0.0.1:5055")
        #expect(configured.endpoint.region == "us-west-2")
        #expect(configured.accessKeyId == "AKCFG")
    }

    @Test func noCredentialsAnywhereIsAConfigError() throws {
        let config = try Self.parse(#"{"dynamodb_table_name_prefix":"p","dynamodb_endpoint":"http://127.0.0.1:5055"}"#)
        let error = #expect(throws: StorageError.self) {
            try config.makeDynamoDBClient(
                environment: ["AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials"], logger: Fixtures.logger,
                transport: InMemoryDynamoDB())
        }
        #expect(error?.failureType == .configError)
    }
}
