import Foundation
import Testing

@testable import StowageCore

@Suite final class LocalDirectoryStoreTests {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "stowage-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/bucket", withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    @Test func anUploadIsInvisibleUntilComplete() throws {
        let store = LocalDirectoryStore(root: root, bucket: "bucket")
        let upload = try store.makeUpload(key: "a/b/c.csv")
        try Array("hello".utf8).withUnsafeBytes { try upload.write($0) }
        #expect(try store.list(prefix: "").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root + "/bucket/a/b/c.csv"))
        try upload.complete()
        #expect(try store.list(prefix: "a/") == [ObjectInfo(key: "a/b/c.csv", size: 5)])
        #expect(try String(contentsOfFile: root + "/bucket/a/b/c.csv", encoding: .utf8) == "hello")
    }

    @Test func abortLeavesNothing() throws {
        let store = LocalDirectoryStore(root: root, bucket: "bucket")
        let upload = try store.makeUpload(key: "x/y.csv")
        try Array("partial".utf8).withUnsafeBytes { try upload.write($0) }
        upload.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/bucket/x").isEmpty)
    }

    @Test func completeNeverReplacesAnExistingFile() throws {
        let store = LocalDirectoryStore(root: root, bucket: "bucket")
        try store.put(key: "k.csv", bytes: [1])
        let upload = try store.makeUpload(key: "k.csv")
        #expect(throws: StorageError.self) { try upload.complete() }
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/bucket/k.csv")) == Data([1]))
    }

    @Test func listingFiltersByPrefixAtAnyDepth() throws {
        let store = LocalDirectoryStore(root: root, bucket: "bucket")
        for key in ["p/a_1.csv", "p/a_2.csv", "p/b_1.csv", "p/q/a_3.csv", "pa/a.csv", "top.csv"] {
            try store.put(key: key, bytes: [0])
        }
        #expect(Set(try store.list(prefix: "p/a_").map(\.key)) == ["p/a_1.csv", "p/a_2.csv"])
        #expect(Set(try store.list(prefix: "p/").map(\.key)) == ["p/a_1.csv", "p/a_2.csv", "p/b_1.csv", "p/q/a_3.csv"])
        #expect(try store.list(prefix: "").count == 6)
        try store.delete(keys: ["p/a_1.csv", "missing.csv"])
        #expect(Set(try store.list(prefix: "p/a").map(\.key)) == ["p/a_2.csv"])
    }

    @Test func aMissingBucketIsAConfigurationError() throws {
        let store = LocalDirectoryStore(root: root, bucket: "nope")
        let error = try #require(throws: StorageError.self) { try store.checkBucket() }
        #expect(error.code == .configuration)
        #expect(error.message.contains("'nope'"))
    }

    @Test func keysThatCouldEscapeAreRefused() throws {
        let store = LocalDirectoryStore(root: root, bucket: "bucket")
        for key in ["../x.csv", "a/../../x.csv", "/abs.csv", "a//b.csv"] {
            let error = try #require(throws: StorageError.self) { try store.makeUpload(key: key) }
            #expect(error.code == .configuration)
        }
    }

    @Test(arguments: [
        ("file:///data/x", "/data/x"), ("file://localhost/d", "/d"), ("file:rel/dir", "rel/dir"), ("http://h", nil),
    ])
    func endpointsNameDirectories(_ pair: (String, String?)) {
        #expect(LocalDirectoryStore.directory(fromEndpoint: pair.0) == pair.1)
    }

    // MARK: Flushing while writing

    private func write(_ mebibytes: Int, to upload: any ObjectUpload) throws {
        let chunk = [UInt8](repeating: 0x61, count: 1 << 20)
        for _ in 0..<mebibytes { try chunk.withUnsafeBytes { try upload.write($0) } }
    }

    @Test func aBigFileIsFlushedEvery16MiBWhileItIsWritten() throws {
        let flush = ScriptedFlush(holding: true)
        let store = LocalDirectoryStore(root: root, bucket: "bucket", flusher: DiskFlusher { flush($0) })
        let upload = try store.makeUpload(key: "big.csv")
        try write(15, to: upload)
        try write(1, to: upload)
        let fd = try #require(flush.wait())
        flush.release()
        #expect(flush.wait(finished: 1) == fd)
        try write(15, to: upload)
        try write(1, to: upload)
        #expect(flush.wait(finished: 2) == fd)
        try write(8, to: upload)
        try upload.complete()
        #expect(flush.calls == [fd, fd])
        #expect(try store.list(prefix: "") == [ObjectInfo(key: "big.csv", size: 40 << 20)])
    }

    @Test func aFailedBackgroundFlushFailsTheFileAndLeavesNothing() throws {
        let flush = ScriptedFlush(result: EIO)
        let store = LocalDirectoryStore(root: root, bucket: "bucket", flusher: DiskFlusher { flush($0) })
        let upload = try store.makeUpload(key: "lost.csv")
        try write(17, to: upload)
        #expect(flush.wait(finished: 1) != nil)
        let error = try #require(throws: StorageError.self) { try upload.complete() }
        #expect(error.message.contains("Input/output error"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/bucket").isEmpty)
    }
}
