/// Stowage's version, as files it writes record it (Parquet's `created_by`).
package enum StowageVersion {
    package static let number = "0.1.0"
    /// What built this binary; `STOWAGE_BUILD` at compile time is not available to SwiftPM, so a fixed word.
    package static let build = "swiftpm"

    /// `stowage version 0.1.0 (build swiftpm)`: the form parquet-java's `VersionParser` reads, so it trusts the
    /// file's string statistics (an empty or unparseable `created_by` makes it ignore them).
    package static var createdBy: String { "stowage version \(number) (build \(build))" }
}
