import AWSCore
import AWSTesting
import Testing

@testable import DynamoDB

struct DynamoDBSettingsTests {
    @Test func settingsWinOverTheEnvironment() throws {
        let env = [
            "AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:3",
        ]
        let (client, source) = try DynamoDBClient.resolve(
            DynamoDBSettings(
                endpoint: "http://127.0.0.1:1", region: "eu-west-1", accessKeyId: "CFGKEY", secretAccessKey: "cfgsecret"
            ),
            environment: env, transport: InMemoryDynamoDB(), readFile: { _ in nil }, logger: quietLogger)
        #expect(client.accessKeyId == "CFGKEY")
        #expect(source == .configuration)
        #expect(client.endpoint.displayURL == "http://127.0.0.1:1")
        #expect(client.endpoint.region == "eu-west-1")
    }

    @Test func theEnvironmentAndTheSharedFileFollow() throws {
        let env = ["AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret", "HOME": "/h"]
        let (client, source) = try DynamoDBClient.resolve(
            DynamoDBSettings(), environment: env, transport: InMemoryDynamoDB(), readFile: { _ in nil },
            logger: quietLogger)
        #expect(client.accessKeyId == "ENVKEY")
        #expect(source == .environment)
        #expect(client.endpoint.displayURL == "https://dynamodb.us-east-1.amazonaws.com")
        let file = "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n"
        let fromFile = try DynamoDBClient.resolve(
            DynamoDBSettings(), environment: ["HOME": "/h"], transport: InMemoryDynamoDB(),
            readFile: { $0 == "/h/.aws/credentials" ? file : nil }, logger: quietLogger)
        #expect(fromFile.client.accessKeyId == "FILEKEY")
    }

    @Test func noCredentialsIsAConfigurationErrorThatNamesDynamoDB() {
        let error = #expect(throws: DynamoDBError.self) {
            try DynamoDBClient.resolve(
                DynamoDBSettings(accessKeyId: "", secretAccessKey: ""), environment: [:], transport: InMemoryDynamoDB(),
                readFile: { _ in nil }, logger: quietLogger)
        }
        #expect(error?.code == .missingCredentials)
        #expect(error?.category == .configuration)
        #expect(error?.message.hasPrefix("No DynamoDB credentials were found;") == true)
    }
}
