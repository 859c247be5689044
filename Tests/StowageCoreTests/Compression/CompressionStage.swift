import Testing

/// The compression stage's suites, nested so that one filter (`Compression`) selects them, as the folder does.
@Suite enum CompressionStage {}
