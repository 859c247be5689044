/// Where the apache/parquet-testing fixtures live: `shared/testdata/parquet-testing` beside the repository.
enum Fixtures {
    static let directory: String = {
        var path = "\(#filePath)"
        for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/../shared/testdata/parquet-testing"
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        try FileIO.read(directory + "/" + name)
    }
}
