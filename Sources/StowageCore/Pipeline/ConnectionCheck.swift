/// What `check` does: really writes, lists and deletes a test object under the configured path.
package enum ConnectionCheck {
    /// Runs the check and returns nil on success or the one-sentence reason it failed.
    package static func run(configuration: Configuration, store: any ObjectStore, uuid: inout UUIDGenerator) -> String? {
        let prefix = configuration.bucketPath.split(separator: "/").joined(separator: "/")
        let key = (prefix.isEmpty ? "" : prefix + "/") + "_stowage_connection_test_" + uuid.string()
        do {
            try store.checkBucket()
            let payload = Array("stowage connection test\n".utf8)
            try store.put(key: key, bytes: payload)
            guard try store.list(prefix: key).contains(where: { $0.key == key }) else {
                try? store.delete(keys: [key])
                return "The test object '\(key)' was written but is not listed in \(store.location); check the bucket's consistency and permissions."
            }
            // The upload path the sync itself uses (a multipart upload on S3 when large enough).
            let upload = try store.makeUpload(key: key + "_upload")
            do {
                try payload.withUnsafeBytes { try upload.write($0) }
                try upload.complete()
            } catch {
                upload.abort()
                throw error
            }
            try store.delete(keys: [key, key + "_upload"])
            let left = try store.list(prefix: key)
            guard left.isEmpty else {
                return "The test objects under '\(key)' could not be deleted from \(store.location); grant permission to delete objects."
            }
            return nil
        } catch let error as any UserFacingError {
            return error.message
        } catch {
            return "The check of \(store.location) failed: \(error)."
        }
    }
}
