/// Where the apache/parquet-testing fixtures live: `Tests/ParquetTests/Fixtures/parquet-testing` (Apache License 2.0,
/// kept unchanged as data; see the README there).
enum Fixtures {
    static let directory: String = {
        var path = "\(#filePath)"
        for _ in 0..<2 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/Fixtures/parquet-testing"
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        try FileIO.read(directory + "/" + name)
    }
}
