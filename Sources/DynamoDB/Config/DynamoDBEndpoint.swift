import AWSCore

/// Where DynamoDB requests go and the region they are signed for.
///
/// Resolution order (``resolve(configured:region:environment:)``): the `dynamodb_endpoint` setting, then
/// `AWS_ENDPOINT_URL_DYNAMODB`, then `AWS_ENDPOINT_URL`, otherwise DynamoDB's regional endpoint
/// `https://dynamodb.<region>.amazonaws.com`. The region: `dynamodb_region`, then `AWS_REGION`, then
/// `AWS_DEFAULT_REGION`, otherwise `us-east-1`. Every request is `POST` to the endpoint's base path plus `/`.
package struct DynamoDBEndpoint: Sendable, Equatable {
    package var url: EndpointURL
    package var region: String

    /// Parses an endpoint URL such as `http://127.0.0.1:5055`.
    package init(url: String, region: String) throws(DynamoDBError) {
        guard let parsed = EndpointURL(url) else {
            let trimmed = url.trimmingASCIIWhitespace()
            throw .setup(
                .invalidEndpoint,
                "Endpoint '\(trimmed)' is not an http or https URL; set 'dynamodb_endpoint' to a URL such as "
                    + "'http://127.0.0.1:5055', or leave it empty for Amazon DynamoDB.",
                endpoint: trimmed)
        }
        self.url = parsed
        self.region = region.isEmpty ? "us-east-1" : region
    }

    /// Amazon DynamoDB's regional endpoint.
    package static func aws(region: String) -> DynamoDBEndpoint {
        let region = region.isEmpty ? "us-east-1" : region
        // A URL built from a region name always parses.
        return try! DynamoDBEndpoint(
            url: "https://dynamodb.\(region).\(EndpointURL.awsDomain(region: region))", region: region)
    }

    /// The endpoint from the configuration, then the environment, then Amazon DynamoDB (see the type's summary).
    package static func resolve(
        configured: String, region: String, environment: [String: String]
    ) throws(DynamoDBError) -> DynamoDBEndpoint {
        let region = EndpointURL.region(configured: region, environment: environment)
        if let url = EndpointURL.configured(
            configured, serviceVariable: "AWS_ENDPOINT_URL_DYNAMODB", environment: environment)
        {
            return try DynamoDBEndpoint(url: url, region: region)
        }
        return .aws(region: region)
    }

    /// The endpoint as a user would recognise it, e.g. "http://127.0.0.1:5055"; for messages.
    package var displayURL: String { url.displayURL }

    /// The wire path of every request: the base path and `/`.
    package var path: String { url.basePath + "/" }

    /// The request URL (no query: the JSON protocol has none).
    package var requestURL: String { "\(url.scheme)://\(url.hostHeader)\(path)" }
}
