import AWSCore
import Logging

/// The connection settings a DynamoDB destination's configuration names, as Airbyte's destination-dynamodb
/// spells them: `dynamodb_endpoint`, `dynamodb_region`, `access_key_id`, `secret_access_key`.
package struct DynamoDBSettings: Sendable, Equatable {
    /// Empty: the environment's endpoint, else Amazon DynamoDB's (see ``DynamoDBEndpoint``).
    package var endpoint: String
    /// Empty: `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`.
    package var region: String
    /// Nil or empty together with the secret: the rest of the credential chain (see ``CredentialChain``).
    package var accessKeyId: String?
    package var secretAccessKey: String?

    package init(endpoint: String = "", region: String = "", accessKeyId: String? = nil, secretAccessKey: String? = nil)
    {
        self.endpoint = endpoint
        self.region = region
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
    }
}

extension DynamoDBClient {
    /// The client `settings` describe, with the endpoint, region and credentials resolved as for S3: the
    /// settings, then `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL` and the `AWS_*` credential variables,
    /// then the shared credentials file.
    ///
    /// Returns where the credentials came from, for a log line (never the secret).
    package static func resolve(
        _ settings: DynamoDBSettings, environment: [String: String], transport: any HTTPTransport,
        readFile: @escaping CredentialChain.FileReader = CredentialChain.readTextFile,
        retryPolicy: RetryPolicy = DynamoDBClient.defaultRetryPolicy, clock: any AWSClock = AWSSystemClock(),
        jitter: any JitterSource = SystemJitter(), logger: Logger
    ) throws(DynamoDBError) -> (client: DynamoDBClient, credentials: CredentialChain.Source) {
        let endpoint = try DynamoDBEndpoint.resolve(
            configured: settings.endpoint, region: settings.region, environment: environment)
        let resolved: CredentialChain.Resolved
        do {
            resolved = try CredentialChain(environment: environment, readFile: readFile)
                .resolve(
                    accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, service: "DynamoDB")
        } catch {
            throw .setup(.missingCredentials, error.message, endpoint: endpoint.displayURL)
        }
        let client = DynamoDBClient(
            endpoint: endpoint, credentials: resolved.credentials, transport: transport, retryPolicy: retryPolicy,
            clock: clock, jitter: jitter, logger: logger)
        return (client, resolved.source)
    }
}
