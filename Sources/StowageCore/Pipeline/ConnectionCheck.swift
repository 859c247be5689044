/// What `check` does: really writes, lists and deletes a small test object and a multipart-sized one (one part
/// plus 1 KiB) under the configured path, leaving nothing behind.
package enum ConnectionCheck {
    /// Runs the check and returns nil on success or the one-sentence reason it failed.
    package static func run(configuration: Configuration, store: any ObjectStore, uuid: inout UUIDGenerator) -> String?
    {
        do {
            _ = try ObjectLayout(
                bucketPath: configuration.bucketPath, pathFormat: configuration.pathFormat, syncStartMilliseconds: 0,
                syncUUID: "", fileExtension: configuration.fileExtension)
        } catch {
            return error.message
        }
        let prefix = configuration.bucketPath.split(separator: "/").joined(separator: "/")
        let key = (prefix.isEmpty ? "" : prefix + "/") + "_stowage_connection_test_" + uuid.string()
        do {
            try store.checkBucket()
            let payload = Array("stowage connection test\n".utf8)
            try store.put(key: key, bytes: payload)
            guard try store.list(prefix: key).contains(where: { $0.key == key }) else {
                try? store.delete(keys: [key])
                return
                    "The test object '\(key)' was written but is not listed in \(store.location); check the bucket's consistency and permissions."
            }
            // The upload path the sync itself uses, just over one part so S3 makes it a two-part multipart upload.
            let upload = try store.makeUpload(key: key + "_upload")
            do {
                let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
                var left = configuration.partSize + 1024
                while left > 0 {
                    let n = min(left, chunk.count)
                    try chunk.withUnsafeBytes { try upload.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                    left -= n
                }
                try upload.complete()
            } catch {
                upload.abort()
                throw error
            }
            try store.delete(keys: [key, key + "_upload"])
            store.removeEmptyFolders(above: key)
            let left = try store.list(prefix: key)
            guard left.isEmpty else {
                return
                    "The test objects under '\(key)' could not be deleted from \(store.location); grant permission to delete objects."
            }
            return nil
        } catch let error as any UserFacingError {
            return error.message
        } catch {
            return "The check of \(store.location) failed: \(error)."
        }
    }
}
