import Testing

@testable import AWSCore

struct RetryPolicyTests {
    @Test func ceilingDoublesUpToTheMaximum() {
        let policy = RetryPolicy(maxAttempts: 10, maxSeconds: 60, baseDelaySeconds: 0.25, maxDelaySeconds: 3)
        #expect((1...6).map { policy.delayCeiling(afterAttempt: $0) } == [0.25, 0.5, 1, 2, 3, 3])
    }

    @Test func attemptsAreAtLeastOne() {
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }
}
