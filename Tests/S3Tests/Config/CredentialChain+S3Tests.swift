import AWSCore
import Testing

@testable import S3

struct CredentialChainS3Tests {
    @Test func aMissingKeyIsAnS3ConfigurationErrorWithTheChainsMessage() {
        let error = #expect(throws: S3Error.self) {
            try CredentialChain(environment: ["HOME": "/h"], readFile: { _ in nil })
                .resolve(accessKeyId: "", secretAccessKey: "s3cr3t")
        }
        #expect(error?.code == .missingCredentials)
        #expect(error?.category == .configuration)
        #expect(error?.message == "'secret_access_key' is set but 'access_key_id' is empty; set both or neither.")
    }

    @Test func nothingFoundNamesS3() {
        let error = #expect(throws: S3Error.self) {
            try CredentialChain(environment: [:], readFile: { _ in nil }).resolve(
                accessKeyId: nil, secretAccessKey: nil)
        }
        #expect(error?.message.hasPrefix("No S3 credentials were found;") == true)
    }
}
