import AWSCore
import Logging
import SigV4

/// A DynamoDB client over the JSON 1.0 protocol: signed `POST /` requests, CRC-checked answers, classified
/// errors, retries.
///
/// Protocol (botocore's service model, `protocol: json`, `jsonVersion: 1.0`): every operation is a `POST`
/// of a JSON body with `Content-Type: application/x-amz-json-1.0` and `X-Amz-Target:
/// DynamoDB_20120810.<Operation>`, signed with SigV4 for service `dynamodb`. Every call blocks the calling
/// thread until the request and its retries end; call it from plain threads (a ``WorkerPool``), not from
/// Swift concurrency's cooperative pool. It may be used from many threads at once. Memory per call: the
/// request body (at most 16 MiB for BatchWriteItem, never copied), the answer and its parsed tree.
package struct DynamoDBClient: Sendable {
    package let endpoint: DynamoDBEndpoint
    package let accessKeyId: String
    /// Bounds every request's retries, and also BatchWriteItem's resending of unprocessed items: at most
    /// `maxAttempts` rounds, all within `maxSeconds` of the batch's first attempt.
    package var retryPolicy: RetryPolicy {
        get { sender.retryPolicy }
        set { sender.retryPolicy = newValue }
    }
    package var logger: Logger { sender.logger }

    var sender: AWSRequestSender

    /// DynamoDB's retries: 10 attempts from 50 ms up to 5 s apart, at most 60 s (the AWS SDKs start DynamoDB
    /// at 25–50 ms and try 10 times).
    package static let defaultRetryPolicy = RetryPolicy(
        maxAttempts: 10, maxSeconds: 60, baseDelaySeconds: 0.05, maxDelaySeconds: 5)

    package init(
        endpoint: DynamoDBEndpoint, credentials: SigV4Credentials, transport: any HTTPTransport,
        retryPolicy: RetryPolicy = DynamoDBClient.defaultRetryPolicy, clock: any AWSClock = AWSSystemClock(),
        jitter: any JitterSource = SystemJitter(), logger: Logger
    ) {
        self.endpoint = endpoint
        self.accessKeyId = credentials.accessKeyId
        let signer = SigV4Signer(
            credentials: credentials, region: endpoint.region, service: "dynamodb", doubleURIEncode: true)
        self.sender = AWSRequestSender(
            serviceName: "DynamoDB", signer: signer, transport: transport, retryPolicy: retryPolicy, clock: clock,
            jitter: jitter, logger: logger)
    }

    /// Sends one operation with `body` and returns its answer's JSON.
    ///
    /// `startedAt` shares one retry deadline between several calls (see ``AWSRequestSender``).
    func call(
        _ operation: String, table: String?, body: [UInt8], startedAt: Double? = nil
    ) throws(DynamoDBError) -> AWSJSON {
        let request = AWSRequest(
            operation: operation, method: "POST", host: endpoint.url.hostHeader, path: endpoint.path,
            url: endpoint.requestURL,
            headers: [
                ("content-type", "application/x-amz-json-1.0"), ("x-amz-target", "DynamoDB_20120810.\(operation)"),
            ],
            body: body, logMetadata: ["table": "\(table ?? "")"])
        let classifier = Classifier(client: self, operation: operation, table: table)
        let response = try sender.send(request, classifier: classifier, startedAt: startedAt).response
        do {
            return try AWSJSON.parse(response.body)
        } catch {
            throw self.error(.invalidResponse, operation, table: table, detail: "answer is not JSON: \(error)")
        }
    }

    /// An error about `operation` with this client's endpoint, key id and region filled in.
    func error(
        _ code: DynamoDBError.Code, _ operation: String, table: String?, detail: String? = nil
    ) -> DynamoDBError {
        DynamoDBError(
            code, operation: operation, table: table, endpoint: endpoint.displayURL, accessKeyId: accessKeyId,
            region: endpoint.region, detail: detail)
    }

    /// DynamoDB's reading of an answer: the CRC-32 first, then, for a non-2xx status, the error's name.
    struct Classifier: AWSErrorClassifier {
        let client: DynamoDBClient
        let operation: String
        let table: String?

        func error(for response: HTTPResponse) -> DynamoDBError? {
            if let sent = response.header("x-amz-crc32") {
                let computed = CRC32.checksum(response.body)
                guard UInt32(sent) == computed else {
                    var error = client.error(
                        .crcMismatch, operation, table: table,
                        detail: "x-amz-crc32 is \(sent), the body's CRC-32 is \(computed)")
                    error.httpStatus = response.status
                    return error
                }
            }
            guard !(200..<300).contains(response.status) else { return nil }
            let (serverCode, serverMessage) = DynamoDBClient.errorName(in: response.body)
            var error = client.error(
                .classify(status: response.status, serverCode: serverCode), operation, table: table)
            error.httpStatus = response.status
            error.serverCode = serverCode
            error.serverMessage = serverMessage
            error.requestId = response.header("x-amzn-requestid")
            return error
        }

        func error(for transportError: HTTPTransportError) -> DynamoDBError {
            client.error(.classify(transportError.code), operation, table: table, detail: transportError.detail)
        }
    }

    /// The error's name and message from an error answer: JSON `{"__type": "…#Name", "message": …}`
    /// (DynamoDB), or an XML `<Code>`/`<Message>` document (moto's signature errors).
    static func errorName(in body: [UInt8]) -> (code: String?, message: String?) {
        if let json = try? AWSJSON.parse(body), json.objectValue != nil {
            let type = json["__type"]?.stringValue
            let code = type.map { name in name.split(separator: "#").last.map(String.init) ?? name }
            let message = json["message"]?.stringValue ?? json["Message"]?.stringValue
            return (code.flatMap { $0.isEmpty ? nil : $0 }, message)
        }
        let text = String(decoding: body, as: UTF8.self)
        return (xmlText("Code", in: text), xmlText("Message", in: text))
    }

    /// The text of the first `<name>…</name>` in `text`, entities left as they are; enough for error codes.
    static func xmlText(_ name: String, in text: String) -> String? {
        guard let open = text.firstRange(of: "<\(name)>"),
            let close = text[open.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        let value = String(text[open.upperBound..<close.lowerBound]).trimmingASCIIWhitespace()
        return value.isEmpty ? nil : value
    }
}
