import AWSCore
import Testing

@testable import DynamoDB

struct DynamoDBEndpointTests {
    @Test func theSettingComesFirstThenTheServiceVariableThenTheGeneralOne() throws {
        let env = [
            "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:2", "AWS_ENDPOINT_URL": "http://127.0.0.1:3",
            "AWS_REGION": "eu-west-1",
        ]
        let configured = try DynamoDBEndpoint.resolve(configured: "http://127.0.0.1:1/", region: "", environment: env)
        #expect(configured.displayURL == "http://127.0.0.1:1")
        #expect(configured.region == "eu-west-1")
        #expect(configured.requestURL == "http://127.0.0.1:1/")
        #expect(
            try DynamoDBEndpoint.resolve(configured: "", region: "", environment: env).displayURL
                == "http://127.0.0.1:2")
        var general = env
        general["AWS_ENDPOINT_URL_DYNAMODB"] = nil
        #expect(
            try DynamoDBEndpoint.resolve(configured: " ", region: "", environment: general).displayURL
                == "http://127.0.0.1:3")
    }

    @Test func withNothingSetItIsAmazonDynamoDBInTheRegion() throws {
        let endpoint = try DynamoDBEndpoint.resolve(configured: "", region: "ap-south-1", environment: [:])
        #expect(endpoint.requestURL == "https://dynamodb.ap-south-1.amazonaws.com/")
        #expect(endpoint.url.hostHeader == "dynamodb.ap-south-1.amazonaws.com")
        #expect(DynamoDBEndpoint.aws(region: "cn-north-1").displayURL == "https://dynamodb.cn-north-1.amazonaws.com.cn")
        #expect(try DynamoDBEndpoint.resolve(configured: "", region: "", environment: [:]).region == "us-east-1")
    }

    @Test func aBasePathIsKept() throws {
        let endpoint = try DynamoDBEndpoint(url: "http://127.0.0.1:9/proxy/ddb/", region: "us-east-1")
        #expect(endpoint.path == "/proxy/ddb/")
        #expect(endpoint.requestURL == "http://127.0.0.1:9/proxy/ddb/")
    }

    @Test func anInvalidURLIsAConfigurationErrorNamingTheSetting() {
        let error = #expect(throws: DynamoDBError.self) { try DynamoDBEndpoint(url: "127.0.0.1:5055", region: "") }
        #expect(error?.code == .invalidEndpoint)
        #expect(error?.category == .configuration)
        #expect(error?.message.contains("'dynamodb_endpoint'") == true)
    }
}
