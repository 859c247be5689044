import AWSCore
import Testing

@testable import DynamoDB

struct DynamoDBErrorTests {
    @Test(
        arguments: [
            (400, "ProvisionedThroughputExceededException", DynamoDBError.Category.retryable),
            (400, "ThrottlingException", .retryable),
            (400, "RequestLimitExceeded", .retryable),
            (500, "InternalServerError", .retryable),
            (503, nil, .retryable),
            (429, nil, .retryable),
            (400, "ResourceNotFoundException", .configuration),
            (400, "AccessDeniedException", .configuration),
            (403, "AccessDenied", .configuration),
            (403, "SignatureDoesNotMatch", .configuration),
            (403, "InvalidClientTokenId", .configuration),
            (400, "UnrecognizedClientException", .configuration),
            (400, "MissingAuthenticationTokenException", .configuration),
            (403, nil, .configuration),
            (400, "ValidationException", .other),
            (400, "SerializationException", .other),
            (400, nil, .other),
        ] as [(Int, String?, DynamoDBError.Category)])
    func answersAreClassified(status: Int, serverCode: String?, category: DynamoDBError.Category) {
        #expect(DynamoDBError.Code.classify(status: status, serverCode: serverCode).category == category)
    }

    @Test func errorNamesComeFromJSONTypeOrXMLCode() {
        let json = Array(#"{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"bad key"}"#.utf8)
        #expect(DynamoDBClient.errorName(in: json) == ("ValidationException", "bad key"))
        let coral = Array(#"{"__type":"com.amazon.coral.service#UnrecognizedClientException","Message":"x"}"#.utf8)
        #expect(DynamoDBClient.errorName(in: coral) == ("UnrecognizedClientException", "x"))
        let xml = Array(
            "<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>m</Message></Error></Errors>"
                .utf8)
        #expect(DynamoDBClient.errorName(in: xml) == ("SignatureDoesNotMatch", "m"))
        #expect(DynamoDBClient.errorName(in: []) == (nil, nil))
    }

    @Test func messagesAreOneSentenceWithoutSecrets() {
        var error = DynamoDBError(
            .validation, operation: "BatchWriteItem", table: "t", endpoint: "http://127.0.0.1:1",
            accessKeyId: "AKID", serverMessage: "One of the required keys was not given a value")
        #expect(
            error.message
                == "Endpoint 'http://127.0.0.1:1' refused BatchWriteItem on table 't' as invalid "
                + "('One of the required keys was not given a value'); check that the items match the table's key schema."
        )
        error.code = .accessDenied
        #expect(
            error.message
                == "Access key 'AKID' was denied BatchWriteItem on table 't' at endpoint 'http://127.0.0.1:1'; "
                + "grant it dynamodb:BatchWriteItem or use other credentials.")
        #expect(error.internalMessage.contains("message One of the required keys"))
    }
}
