extension FileSink {
    /// The folder under `s3_bucket_path` that holds every stream's rejects.
    package static let rejectsFolder = "_rejects"

    /// One sink stream per catalog stream with transforms, in catalog order, for its rejected records: JSON Lines
    /// under `<s3_bucket_path>/_rejects/<namespace>/<stream>/`, appended, never partitioned.
    static func rejectStreams(
        configuration: Configuration, catalog: Catalog, syncStartMilliseconds: Int64, syncUUID: String
    ) throws(ConfigError) -> [Stream] {
        let rejects = configuration.rejectStreams(of: catalog)
        guard rejects.contains(where: { $0 != nil }) else { return [] }
        let bucketPath = configuration.bucketPath
        let layout = try ObjectLayout(
            bucketPath: bucketPath.isEmpty ? rejectsFolder : bucketPath + "/" + rejectsFolder,
            pathFormat: Configuration.defaultPathFormat, syncStartMilliseconds: syncStartMilliseconds,
            syncUUID: syncUUID, fileExtension: Configuration.FormatType.jsonl.fileExtension)
        var streams: [Stream] = []
        for (index, descriptor) in catalog.streams.enumerated() where rejects[index] != nil {
            let appended = Catalog.Stream(name: descriptor.name, namespace: descriptor.namespace, syncMode: .append)
            streams.append(
                Stream(
                    descriptor: appended, naming: layout.stream(namespace: descriptor.namespace, name: descriptor.name),
                    encoders: EncoderFactory { RejectEncoder() }, time: RecordTime(field: nil)))
        }
        return streams
    }
}
