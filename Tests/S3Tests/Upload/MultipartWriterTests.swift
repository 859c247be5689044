import AWSCore
import AWSTesting
import Logging
import Testing

@testable import S3

struct MultipartWriterTests {
    static let sizing = PartSizing(unchecked: 16, partsPerDoubling: 3)

    func makeWriter(
        _ server: InMemoryS3Transport, key: String = "k", partsInFlight: Int = 2, sizing: PartSizing = sizing,
        pool: WorkerPool = WorkerPool(threadCount: 4)
    ) -> MultipartWriter {
        MultipartWriter(
            client: makeClient(server), key: key,
            options: .init(sizing: sizing, partsInFlight: partsInFlight), pool: pool, logger: quietLogger)
    }

    func write(_ bytes: [UInt8], to writer: MultipartWriter, chunk: Int) throws {
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            try bytes[offset..<end].withUnsafeBytes { try writer.write($0) }
            offset = end
        }
    }

    func partRequests(_ server: InMemoryS3Transport) -> [InMemoryS3Transport.Recorded] {
        server.requests.filter { $0.method == "PUT" && $0.query["partNumber"] != nil }
    }

    @Test(arguments: [1, 2, 7, 64, 4096], [0, 15, 16, 17, 100, 1000])
    func readsBackWhatWasWrittenWhateverTheChunking(chunk: Int, size: Int) throws {
        let server = InMemoryS3Transport()
        let writer = makeWriter(server)
        let bytes = patternBytes(size, seed: UInt64(size))
        try write(bytes, to: writer, chunk: chunk)
        let result = try writer.complete()
        #expect(result.size == size)
        #expect(server.objects()["k"] == bytes)
        #expect(server.openUploads.isEmpty)
        #expect((result.partCount == 0) == (size <= 16))
    }

    @Test func smallObjectsAndExactlyOnePartAreASinglePut() throws {
        for size in [0, 16] {
            let server = InMemoryS3Transport()
            let writer = makeWriter(server)
            try write(patternBytes(size), to: writer, chunk: 5)
            try writer.complete()
            #expect(server.requests.map(\.method) == ["PUT"])
            #expect(server.requests.first?.query.isEmpty == true)
        }
    }

    @Test func partSizesGrowAndPartsCompleteInOrder() throws {
        let server = InMemoryS3Transport(delaySeconds: 0.002)
        let writer = makeWriter(server, partsInFlight: 3)
        let bytes = patternBytes(16 * 3 + 32 * 3 + 64 * 3 + 10)
        try write(bytes, to: writer, chunk: 13)
        let result = try writer.complete()
        #expect(result.partCount == 10)
        let parts = partRequests(server).sorted { Int($0.query["partNumber"]!)! < Int($1.query["partNumber"]!)! }
        #expect(parts.map(\.bodySize) == [16, 16, 16, 32, 32, 32, 64, 64, 64, 10])
        #expect(parts.map { Int($0.query["partNumber"]!)! } == Array(1...10))
        #expect(server.objects()["k"] == bytes)
    }

    @Test(arguments: [1, 2, 4])
    func memoryAndConcurrencyStayWithinPartsInFlight(partsInFlight: Int) throws {
        let server = InMemoryS3Transport(delaySeconds: 0.005)
        let sizing = PartSizing(unchecked: 64, partsPerDoubling: 1000)
        let writer = makeWriter(
            server, partsInFlight: partsInFlight, sizing: sizing, pool: WorkerPool(threadCount: 8))
        try write(patternBytes(64 * 20 + 1), to: writer, chunk: 50)
        try writer.complete()
        #expect(writer.peakBufferBytes <= (partsInFlight + 1) * 64)
        #expect(server.peakConcurrency <= partsInFlight)
        #expect(server.peakConcurrency == partsInFlight)
    }

    @Test func aFailedPartAbortsTheUploadOnce() throws {
        let server = InMemoryS3Transport(fault: { request, _ in
            request.query["partNumber"] == "3" ? .status(403, code: "AccessDenied") : nil
        })
        let writer = makeWriter(server)
        let error = #expect(throws: S3Error.self) {
            try write(patternBytes(200), to: writer, chunk: 10)
            try writer.complete()
        }
        #expect(error?.code == .accessDenied)
        #expect(server.openUploads.isEmpty)
        #expect(server.objects()["k"] == nil)
        #expect(server.requests.filter { $0.method == "DELETE" && $0.query["uploadId"] != nil }.count == 1)
        // The writer stays failed.
        #expect(throws: S3Error.self) { try writer.complete() }
        writer.abort()
        #expect(server.requests.filter { $0.method == "DELETE" }.count == 1)
    }

    @Test func aRetriedPartReusesItsNumberAndBytes() throws {
        let server = InMemoryS3Transport(fault: { request, index in
            guard request.query["partNumber"] == "2" else { return nil }
            return request.bodySize > 0 && index % 2 == 0 ? .loseResponse : nil
        })
        let writer = makeWriter(server, partsInFlight: 1)
        let bytes = patternBytes(16 * 3 + 5)
        try write(bytes, to: writer, chunk: 16)
        try writer.complete()
        #expect(server.objects()["k"] == bytes)
        let numbers = partRequests(server).map { $0.query["partNumber"]! }
        #expect(numbers.filter { $0 == "2" }.count >= 1)
        #expect(Set(numbers) == ["1", "2", "3", "4"])
    }

    @Test func abortDiscardsEverythingAndIsIdempotent() throws {
        let server = InMemoryS3Transport()
        let writer = makeWriter(server)
        try write(patternBytes(100), to: writer, chunk: 7)
        writer.abort()
        writer.abort()
        #expect(server.openUploads.isEmpty)
        #expect(server.objects().isEmpty)
        #expect(throws: S3Error.self) { try writer.complete() }
        #expect(throws: S3Error.self) { try [1].withUnsafeBytes { try writer.write($0) } }
    }

    @Test func abortAfterCompleteKeepsTheObject() throws {
        let server = InMemoryS3Transport()
        let writer = makeWriter(server)
        try write(patternBytes(100), to: writer, chunk: 100)
        try writer.complete()
        writer.abort()
        #expect(server.objects()["k"]?.count == 100)
    }

    @Test func aWriterDroppedWithoutCompleteAbortsItsUpload() throws {
        let server = InMemoryS3Transport()
        do {
            let writer = makeWriter(server)
            try write(patternBytes(100), to: writer, chunk: 100)
        }
        #expect(server.openUploads.isEmpty)
    }

    @Test func manyWritersShareOnePool() throws {
        let server = InMemoryS3Transport()
        let pool = WorkerPool(threadCount: 2)
        let writers = (0..<5).map { makeWriter(server, key: "k\($0)", pool: pool) }
        let data = (0..<5).map { patternBytes(90 + $0, seed: UInt64($0)) }
        for round in 0..<10 {
            for (i, writer) in writers.enumerated() {
                let slice = data[i][min(round * 10, data[i].count)..<min(round * 10 + 10, data[i].count)]
                try slice.withUnsafeBytes { try writer.write($0) }
            }
        }
        for writer in writers { try writer.complete() }
        for i in 0..<5 { #expect(server.objects()["k\(i)"] == data[i]) }
    }
}
