/// Stowage's version, as the files it writes record it (Parquet's `created_by`).
package enum StowageVersion {
    package static let number = "0.1.0"
    /// What built the binary: SwiftPM passes no commit to the compiler, so a fixed word for now.
    package static let build = "swiftpm"

    /// `stowage version 0.1.0 (build swiftpm)`: the form parquet-java's `VersionParser` reads, so it trusts the
    /// file's string statistics (an empty or unparseable `created_by` makes it ignore them).
    package static var createdBy: String { "stowage version \(number) (build \(build))" }
}
