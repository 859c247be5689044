#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The environment variables that point integration tests at a test server (`STOWAGE_TEST_*`).
package enum TestEnvironment {
    /// The variable's value, or nil when it is unset or empty.
    package static func value(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let string = String(cString: value)
        return string.isEmpty ? nil : string
    }
}
