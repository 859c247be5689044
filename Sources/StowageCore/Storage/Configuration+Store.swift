import Logging

extension Configuration {
    /// The store `s3_endpoint` selects: a local directory for `file:` endpoints, otherwise S3.
    package func makeObjectStore(environment: [String: String], logger: Logger) throws -> any ObjectStore {
        if endpoint.hasPrefix("file:") {
            guard let directory = LocalDirectoryStore.directory(fromEndpoint: endpoint) else {
                throw ConfigError("'s3_endpoint' '\(endpoint)' names no directory; write it as file:///absolute/path.")
            }
            return LocalDirectoryStore(root: directory, bucket: bucketName)
        }
        return try S3ObjectStore(configuration: self, environment: environment, logger: logger)
    }
}
