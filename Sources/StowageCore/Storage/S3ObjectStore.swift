import AWSCore
import Logging
import S3

/// ``ObjectStore`` on Amazon S3 or an S3-compatible server (radosgw, MinIO, GCS), over ``S3Client``.
///
/// Credentials and endpoint are resolved from the configuration, then the environment (`specs/s3.md`).
/// Uploads stream through ``MultipartWriter``: each open object holds at most
/// `(partsInFlight + 1) × partSize` bytes of part buffers, and parts upload on a shared pool of
/// plain threads (`2 × partsInFlight`, 4 to 32), each reusing its own curl handle.
package struct S3ObjectStore: ObjectStore {
    package let location: String
    package let client: S3Client
    private let writerOptions: MultipartWriter.Options
    private let pool: WorkerPool
    private let logger: Logger

    /// The store `configuration` names, with credentials and endpoint from it or from `environment`.
    package init(configuration: Configuration, environment: [String: String], logger: Logger) throws {
        var options = CurlTransport.Options()
        if let bundle = environment["AWS_CA_BUNDLE"], !bundle.isEmpty {
            options.caBundlePath = bundle
        }
        try self.init(
            configuration: configuration, environment: environment, logger: logger,
            transport: CurlTransport(options: options))
    }

    /// The same over any transport, clock and jitter (tests pass in-memory ones).
    package init(
        configuration: Configuration, environment: [String: String], logger: Logger, transport: any HTTPTransport,
        clock: any AWSClock = AWSSystemClock(), jitter: any JitterSource = SystemJitter(),
        readFile: @escaping CredentialChain.FileReader = CredentialChain.readTextFile
    ) throws {
        do throws(S3Error) {
            let endpoint = try S3Endpoint.resolve(
                configured: configuration.endpoint, region: configuration.region,
                pathStyle: configuration.pathStyleAccess, environment: environment)
            let resolved = try CredentialChain(environment: environment, readFile: readFile)
                .resolve(accessKeyId: configuration.accessKeyId, secretAccessKey: configuration.secretAccessKey)
            client = S3Client(
                bucket: configuration.bucketName, endpoint: endpoint, credentials: resolved.credentials,
                transport: transport,
                retryPolicy: RetryPolicy(
                    maxAttempts: configuration.retryMaxAttempts, maxSeconds: configuration.retryMaxSeconds),
                clock: clock, jitter: jitter, logger: logger)
            location = "s3://\(configuration.bucketName) at \(endpoint.displayURL)"
            logger.debug(
                "S3 store",
                metadata: [
                    "location": "\(location)", "region": "\(endpoint.region)", "path_style": "\(endpoint.pathStyle)",
                    "credentials": "\(resolved.source)", "access_key_id": "\(client.accessKeyId)",
                ])
        } catch {
            throw Self.storageError(error)
        }
        writerOptions = MultipartWriter.Options(
            sizing: PartSizing(firstPartSize: configuration.partSize), partsInFlight: configuration.partsInFlight)
        pool = WorkerPool(threadCount: min(max(2 * configuration.partsInFlight, 4), 32))
        self.logger = logger
    }

    package func checkBucket() throws {
        try Self.mapping { () throws(S3Error) in try client.headBucket() }
    }

    package func list(prefix: String) throws -> [ObjectInfo] {
        try Self.mapping { () throws(S3Error) in
            try client.listAllObjects(prefix: prefix).map { ObjectInfo(key: $0.key, size: $0.size) }
        }
    }

    package func put(key: String, bytes: [UInt8]) throws {
        try Self.mapping { () throws(S3Error) in _ = try client.putObject(key: key, body: bytes) }
    }

    package func delete(keys: [String]) throws {
        let failures = try Self.mapping { () throws(S3Error) in try client.deleteObjects(keys: keys) }
        guard let first = failures.first else { return }
        let denied = failures.contains { $0.code == "AccessDenied" }
        throw StorageError(
            denied ? .configuration : .other,
            "\(failures.count) objects could not be deleted from bucket '\(client.bucket)', the first '\(first.key)' "
                + "(\(first.code)); "
                + (denied ? "grant access key '\(client.accessKeyId)' s3:DeleteObject." : "delete them by hand."),
            internalMessage: failures.prefix(10).map { "\($0.key): \($0.code)" }.joined(separator: ", "))
    }

    package func makeUpload(key: String, metadata: [(String, String)]) throws -> any ObjectUpload {
        var options = writerOptions
        options.metadata = metadata
        return S3ObjectUpload(
            writer: MultipartWriter(client: client, key: key, options: options, pool: pool, logger: logger))
    }

    package func putIfAbsent(key: String, bytes: [UInt8]) throws -> Bool {
        try Self.mapping { () throws(S3Error) in try client.putObjectIfAbsent(key: key, body: bytes) }
    }

    package func get(key: String) throws -> [UInt8]? {
        try Self.mapping { () throws(S3Error) -> [UInt8]? in
            do throws(S3Error) {
                return try client.getObject(key: key)
            } catch  where error.code == .noSuchKey {
                return nil
            }
        }
    }

    package func metadata(of key: String) throws -> [String: String]? {
        try Self.mapping { () throws(S3Error) in try client.headObject(key: key)?.metadata }
    }

    package func incompleteUploads(prefix: String) throws -> [IncompleteUpload] {
        try Self.mapping { () throws(S3Error) in
            try client.listMultipartUploads(prefix: prefix).map { IncompleteUpload(key: $0.key, id: $0.uploadId) }
        }
    }

    package func discard(_ upload: IncompleteUpload) throws {
        try Self.mapping { () throws(S3Error) in try client.abortMultipartUpload(key: upload.key, uploadId: upload.id) }
    }

    package var supportsLocks: Bool { false }

    /// The part being filled and the parts in flight, at the first part size (parts grow only past 10 GB).
    package var bufferedBytesPerUpload: Int? {
        (writerOptions.partsInFlight + 1) * writerOptions.sizing.size(ofPart: 1)
    }

    package func putIfAbsentLocked(key: String, bytes: [UInt8]) throws -> (any ObjectLock)? {
        try putIfAbsentUnlocked(key: key, bytes: bytes)
    }

    package func lock(key: String) throws -> (any ObjectLock)? {
        throw StorageError(.other, "S3 has no locks; Stowage keeps leases in small objects instead.")
    }

    /// The ``StorageError`` for an ``S3Error``: configuration stays configuration, retryable becomes transient.
    package static func storageError(_ error: S3Error) -> StorageError {
        let code: StorageError.Code =
            switch error.category {
            case .configuration: .configuration
            case .retryable: .transient
            case .other: .other
            }
        return StorageError(code, error.message, internalMessage: error.internalMessage)
    }

    fileprivate static func mapping<R>(_ body: () throws(S3Error) -> R) throws(StorageError) -> R {
        do {
            return try body()
        } catch {
            throw storageError(error)
        }
    }
}

/// One object streaming to S3 through a ``MultipartWriter``.
final class S3ObjectUpload: ObjectUpload {
    private let writer: MultipartWriter

    init(writer: MultipartWriter) {
        self.writer = writer
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try S3ObjectStore.mapping { () throws(S3Error) in try writer.write(bytes) }
    }

    func complete() throws {
        try S3ObjectStore.mapping { () throws(S3Error) in _ = try writer.complete() }
    }

    func abort() {
        writer.abort()
    }
}
