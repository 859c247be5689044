import AWSCore
import Testing

@testable import S3

struct S3EndpointTests {
    @Test func configuredEndpointComesFirstThenTheEnvironmentThenAWS() throws {
        let env = ["AWS_ENDPOINT_URL_S3": "http://s3-env:1", "AWS_ENDPOINT_URL": "http://generic-env:2"]
        #expect(
            try S3Endpoint.resolve(configured: "http://cfg:3", region: "", pathStyle: nil, environment: env).host
                == "cfg")
        #expect(try S3Endpoint.resolve(configured: "", region: "", pathStyle: nil, environment: env).host == "s3-env")
        #expect(
            try S3Endpoint.resolve(
                configured: " ", region: "", pathStyle: nil, environment: ["AWS_ENDPOINT_URL": "http://generic-env:2"]
            ).host == "generic-env")
        let aws = try S3Endpoint.resolve(configured: "", region: "", pathStyle: nil, environment: [:])
        #expect(aws.displayURL == "https://s3.us-east-1.amazonaws.com")
        #expect(aws.region == "us-east-1")
        #expect(!aws.pathStyle)
    }

    @Test func regionFallsBackToTheEnvironmentThenUSEast1() throws {
        #expect(
            try S3Endpoint.resolve(
                configured: "", region: "eu-west-3", pathStyle: nil, environment: ["AWS_REGION": "x"]
            ).region == "eu-west-3")
        #expect(
            try S3Endpoint.resolve(
                configured: "", region: "", pathStyle: nil,
                environment: ["AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "y"]
            ).region == "ap-south-1")
        #expect(
            try S3Endpoint.resolve(
                configured: "", region: "", pathStyle: nil, environment: ["AWS_DEFAULT_REGION": "sa-east-1"]
            ).displayURL == "https://s3.sa-east-1.amazonaws.com")
        #expect(S3Endpoint.aws(region: "cn-north-1").displayURL == "https://s3.cn-north-1.amazonaws.com.cn")
    }

    @Test func customEndpointsArePathStyleUnlessToldOtherwise() throws {
        let endpoint = try S3Endpoint(url: "http://127.0.0.1:7480/", region: "")
        #expect(endpoint.pathStyle)
        #expect(endpoint.port == 7480)
        #expect(endpoint.displayURL == "http://127.0.0.1:7480")
        #expect(endpoint.target(bucket: "b", key: "k").url == "http://127.0.0.1:7480/b/k")
        #expect(endpoint.target(bucket: "b", key: nil).url == "http://127.0.0.1:7480/b")
        let virtual = try S3Endpoint(url: "https://storage.example.com", region: "r", pathStyle: false)
        #expect(virtual.target(bucket: "b-1", key: "x/y").url == "https://b-1.storage.example.com/x/y")
        #expect(virtual.target(bucket: "b-1", key: nil).url == "https://b-1.storage.example.com/")
    }

    @Test func awsEndpointsGivenExplicitlyAreVirtualHosted() throws {
        #expect(try !S3Endpoint(url: "https://s3.eu-west-1.amazonaws.com", region: "eu-west-1").pathStyle)
    }

    @Test(arguments: ["my.bucket", "UpperCase", "ab", "under_score", "-dash"])
    func bucketsThatCannotBeHostLabelsStayPathStyle(_ bucket: String) {
        let target = S3Endpoint.aws(region: "us-east-1").target(bucket: bucket, key: "k")
        #expect(target.host == "s3.us-east-1.amazonaws.com")
        #expect(target.path.hasSuffix("/k"))
    }

    @Test func basePathAndIPv6AreKept() throws {
        let endpoint = try S3Endpoint(url: "http://[::1]:9000/s3", region: "")
        #expect(endpoint.host == "[::1]")
        #expect(endpoint.target(bucket: "b", key: "a b").url == "http://[::1]:9000/s3/b/a%20b")
        #expect(endpoint.target(bucket: "b", key: "k").host == "[::1]:9000")
    }

    @Test func keysWithDotSegmentsAndDoubleSlashesAreKeptVerbatim() throws {
        let endpoint = try S3Endpoint(url: "http://h", region: "")
        #expect(endpoint.target(bucket: "b", key: "a//./../c").path == "/b/a//./../c")
    }

    @Test(arguments: ["localhost:9000", "ftp://x", "http://", "http://user:pw@host", "http://h:99999", "http://h/?q"])
    func invalidEndpointsAreConfigurationErrors(_ url: String) {
        let error = #expect(throws: S3Error.self) { try S3Endpoint(url: url, region: "") }
        #expect(error?.category == .configuration)
        #expect(error?.message.contains("'s3_endpoint'") == true)
    }
}
