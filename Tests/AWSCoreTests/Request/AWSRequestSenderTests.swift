import AWSCore
import AWSTesting
import SigV4
import Testing

struct AWSRequestSenderTests {
    struct ToyError: AWSServiceError, Equatable {
        var status: Int
        var isRetryable: Bool
        var attempts = 1
        var internalMessage: String { "status \(status)" }
    }

    /// 2xx is success, 503 and transport failures are retryable, anything else is not.
    struct ToyClassifier: AWSErrorClassifier {
        func error(for response: HTTPResponse) -> ToyError? {
            (200..<300).contains(response.status)
                ? nil : ToyError(status: response.status, isRetryable: response.status == 503)
        }
        func error(for transportError: HTTPTransportError) -> ToyError {
            ToyError(status: 0, isRetryable: true)
        }
    }

    let credentials = SigV4Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret")

    func sender(
        _ transport: ScriptedTransport, clock: ManualAWSClock, policy: RetryPolicy = RetryPolicy(maxAttempts: 5)
    ) -> AWSRequestSender {
        AWSRequestSender(
            serviceName: "Toy", signer: SigV4Signer(credentials: credentials, region: "eu-west-1", service: "toy"),
            transport: transport, retryPolicy: policy, clock: clock, jitter: FixedJitter(fraction: 0.5),
            logger: quietLogger)
    }

    let request = AWSRequest(
        operation: "Poke", method: "POST", host: "127.0.0.1:9", path: "/", url: "http://127.0.0.1:9/",
        query: [("b", "2"), ("a", "x y")], headers: [("x-amz-target", "Toy.Poke")], body: Array("{}".utf8))

    @Test func signsEachAttemptAndRetriesRetryableAnswersWithBackoff() throws {
        let transport = ScriptedTransport { _, index in .success(HTTPResponse(status: index < 2 ? 503 : 200)) }
        let clock = ManualAWSClock()
        let outcome = try sender(transport, clock: clock).send(request, classifier: ToyClassifier())
        #expect(outcome.attempts == 3)
        #expect(clock.sleeps == [0.1, 0.2])
        let sent = transport.requests
        #expect(sent.count == 3)
        #expect(sent.allSatisfy { $0.url == "http://127.0.0.1:9/?a=x%20y&b=2" && $0.body == Array("{}".utf8) })
        #expect(sent[0].header("host") == "127.0.0.1:9")
        #expect(sent[0].header("x-amz-content-sha256") == SigV4.sha256Hex(Array("{}".utf8)))
        #expect(sent[0].header("authorization")?.contains("/eu-west-1/toy/aws4_request") == true)
        #expect(sent[0].header("authorization")?.contains("x-amz-target") == true)
    }

    @Test func aFailureThatIsNotRetryableIsThrownAtOnce() {
        let transport = ScriptedTransport { _, _ in .success(HTTPResponse(status: 400)) }
        let error = #expect(throws: ToyError.self) {
            try sender(transport, clock: ManualAWSClock()).send(request, classifier: ToyClassifier())
        }
        #expect(error == ToyError(status: 400, isRetryable: false, attempts: 1))
        #expect(transport.requests.count == 1)
    }

    @Test func transportFailuresAreClassifiedAndStopAtMaxAttempts() {
        let transport = ScriptedTransport { _, _ in .failure(HTTPTransportError(.connectionLost, "reset")) }
        let error = #expect(throws: ToyError.self) {
            try sender(transport, clock: ManualAWSClock(), policy: RetryPolicy(maxAttempts: 3))
                .send(request, classifier: ToyClassifier())
        }
        #expect(error?.attempts == 3)
        #expect(transport.requests.count == 3)
    }

    @Test func aCallersStartSharesTheTimeBudget() {
        let transport = ScriptedTransport { _, _ in .success(HTTPResponse(status: 503)) }
        let clock = ManualAWSClock()
        let policy = RetryPolicy(maxAttempts: 100, maxSeconds: 10, baseDelaySeconds: 1, maxDelaySeconds: 100)
        let sender = sender(transport, clock: clock, policy: policy)
        let start = sender.now()
        clock.advance(9.6)
        // 9.6 s of the budget are spent: the first wait (0.5 s) would end at 10.1 s.
        _ = #expect(throws: ToyError.self) {
            try sender.send(request, classifier: ToyClassifier(), startedAt: start)
        }
        #expect(transport.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func shouldContinueStopsRetrying() {
        let transport = ScriptedTransport { _, _ in .success(HTTPResponse(status: 503)) }
        _ = #expect(throws: ToyError.self) {
            try sender(transport, clock: ManualAWSClock()).send(request, classifier: ToyClassifier()) { false }
        }
        #expect(transport.requests.count == 1)
    }
}
