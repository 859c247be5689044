/// Randomness for backoff jitter: a fraction in `0 ..< 1`. A parameter so tests can pin it.
package protocol JitterSource: Sendable {
    func nextFraction() -> Double
}

/// The system's random number generator.
package struct SystemJitter: JitterSource {
    package init() {}

    package func nextFraction() -> Double {
        Double.random(in: 0..<1)
    }
}
