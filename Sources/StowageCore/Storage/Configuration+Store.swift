import Logging

extension Configuration {
    /// The store `s3_endpoint` selects: a local directory for `file:` endpoints, otherwise S3.
    ///
    /// Fails with a ``ConfigError`` when the bucket name is not one plain name (or, on Amazon S3, breaks AWS's
    /// naming rules), before anything is sent or created.
    package func makeObjectStore(environment: [String: String], logger: Logger) throws -> any ObjectStore {
        if endpoint.hasPrefix("file:") {
            guard let directory = LocalDirectoryStore.directory(fromEndpoint: endpoint) else {
                throw ConfigError("'s3_endpoint' '\(endpoint)' names no directory; write it as file:///absolute/path.")
            }
            try BucketName.validate(bucketName, amazon: false)
            return LocalDirectoryStore(root: directory, bucket: bucketName)
        }
        let amazon = [endpoint, environment["AWS_ENDPOINT_URL_S3"], environment["AWS_ENDPOINT_URL"]]
            .allSatisfy { ($0 ?? "").isEmpty }
        try BucketName.validate(bucketName, amazon: amazon)
        return try S3ObjectStore(configuration: self, environment: environment, logger: logger)
    }
}
