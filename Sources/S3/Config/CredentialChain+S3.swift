import AWSCore

extension CredentialChain {
    /// The first credentials in the chain's order for S3; a missing or half-set key is a configuration error.
    package func resolve(accessKeyId: String?, secretAccessKey: String?) throws(S3Error) -> Resolved {
        do {
            return try resolve(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, service: "S3")
        } catch {
            throw .setup(.missingCredentials, error.message)
        }
    }
}
