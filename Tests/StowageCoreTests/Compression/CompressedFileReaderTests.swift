import Foundation
import SampleData
import Testing

@testable import StowageCore

extension CompressionStage {
    /// The objects read back by independent programs: the `gzip -dc` and `zstd -dc` command-line tools, and Python's
    /// `gzip` module (which reads every member).
    @Suite struct CompressedFileReaderTests {
        static let cases: [(CompressionSettings, Int)] = [
            (.init(kind: .gzip, level: 1), 0), (.init(kind: .gzip, level: 1), 3_000_000),
            (.init(kind: .gzip, level: 3), 3_000_000),
            (.init(kind: .gzip, level: 6), 0), (.init(kind: .gzip, level: 6), 3_000_000),
            (.init(kind: .zstd, level: 3), 0),
            (.init(kind: .zstd, level: 3), 3_000_000), (.init(kind: .zstd, level: 19), 500_000),
        ]

        @Test(arguments: 0..<cases.count)
        func theCommandLineToolsReadTheObject(index: Int) throws {
            let (settings, count) = Self.cases[index]
            let input = SampleBytes.csv(count: count, seed: 21)
            let inner = try CompressedFile.compress(
                input, settings, pool: CompressionPool(), chunkSize: 100_000, blockSize: 256 * 1024)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "stowage-\(UUID().uuidString)\(settings.fileExtension)")
            try Data(inner.bytes).write(to: path)
            defer { try? FileManager.default.removeItem(at: path) }
            let tool = settings.kind == .gzip ? "gzip" : "zstd"
            #expect(try Self.run([tool, "-dc", path.path]) == Data(input))
            #expect(try Self.run([tool, "-t", path.path]) == Data())
            if settings.kind == .gzip {
                let python = "import gzip, sys; sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())"
                #expect(try Self.run(["python3", "-c", python, path.path]) == Data(input))
            }
        }

        /// Runs a program and returns its standard output; fails if it exits with a status other than 0.
        static func run(_ arguments: [String]) throws -> Data {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            try #require(
                process.terminationStatus == 0,
                "\(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
            return data
        }
    }
}
