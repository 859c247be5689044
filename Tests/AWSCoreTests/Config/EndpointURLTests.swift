import AWSCore
import Testing

struct EndpointURLTests {
    @Test(
        arguments: [
            ("http://127.0.0.1:5055", "http", "127.0.0.1", 5055, "", "http://127.0.0.1:5055"),
            (
                " HTTPS://DynamoDB.Example.com/ ", "https", "dynamodb.example.com", nil, "",
                "HTTPS://DynamoDB.Example.com"
            ),
            ("http://[::1]:8000/base/path//", "http", "[::1]", 8000, "/base/path", "http://[::1]:8000/base/path/"),
        ] as [(String, String, String, Int?, String, String)])
    func parsesSchemeHostPortAndBasePath(
        url: String, scheme: String, host: String, port: Int?, basePath: String, display: String
    ) throws {
        let parsed = try #require(EndpointURL(url))
        #expect(parsed.scheme == scheme)
        #expect(parsed.host == host)
        #expect(parsed.port == port)
        #expect(parsed.basePath == basePath)
        #expect(parsed.displayURL == display)
    }

    @Test(arguments: [
        "", "127.0.0.1:5055", "ftp://host", "http://", "http://user@host", "http://host:0", "http://host:99999",
        "http://host/?q=1", "http://host/#f",
    ])
    func refusesWhatIsNotAPlainHTTPURL(url: String) {
        #expect(EndpointURL(url) == nil)
    }

    @Test func hostHeaderCarriesThePortOnlyWhenGiven() {
        #expect(EndpointURL("http://127.0.0.1:5055")?.hostHeader == "127.0.0.1:5055")
        #expect(
            EndpointURL("https://dynamodb.us-east-1.amazonaws.com")?.hostHeader == "dynamodb.us-east-1.amazonaws.com")
    }

    @Test func configuredThenServiceVariableThenGeneralVariable() {
        let env = ["AWS_ENDPOINT_URL_DYNAMODB": " http://service:1 ", "AWS_ENDPOINT_URL": "http://general:2"]
        let variable = "AWS_ENDPOINT_URL_DYNAMODB"
        #expect(EndpointURL.configured("http://cfg:3", serviceVariable: variable, environment: env) == "http://cfg:3")
        #expect(EndpointURL.configured("  ", serviceVariable: variable, environment: env) == "http://service:1")
        #expect(
            EndpointURL.configured("", serviceVariable: variable, environment: ["AWS_ENDPOINT_URL": "http://general:2"])
                == "http://general:2")
        #expect(EndpointURL.configured("", serviceVariable: variable, environment: [:]) == nil)
    }

    @Test func regionComesFromTheSettingThenTheEnvironment() {
        let env = ["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-central-1"]
        #expect(EndpointURL.region(configured: "ap-south-1", environment: env) == "ap-south-1")
        #expect(EndpointURL.region(configured: "", environment: env) == "eu-west-1")
        #expect(
            EndpointURL.region(configured: "", environment: ["AWS_DEFAULT_REGION": "eu-central-1"]) == "eu-central-1")
        #expect(EndpointURL.region(configured: "", environment: [:]) == "us-east-1")
        #expect(EndpointURL.awsDomain(region: "cn-north-1") == "amazonaws.com.cn")
        #expect(EndpointURL.awsDomain(region: "us-west-2") == "amazonaws.com")
    }
}
