extension FileSink {
    /// The folder under `s3_bucket_path` that holds every stream's rejects.
    package static let rejectsFolder = "_rejects"

    /// One sink stream per catalog stream with transforms, in catalog order, for its rejected records: JSON Lines
    /// under `<s3_bucket_path>/_rejects/<namespace>/<stream>/`, appended, never partitioned.
    static func rejectStreams(configuration: Configuration, catalog: Catalog, naming: Naming) -> [Stream] {
        let rejects = configuration.rejectStreams(of: catalog)
        guard rejects.contains(where: { $0 != nil }) else { return [] }
        let bucketPath = configuration.bucketPath
        var own = naming
        own.bucketPath = bucketPath.isEmpty ? rejectsFolder : bucketPath + "/" + rejectsFolder
        own.pathFormat = Configuration.defaultPathFormat
        own.fileExtension = Configuration.FormatType.jsonl.fileExtension
        var streams: [Stream] = []
        for (index, descriptor) in catalog.streams.enumerated() where rejects[index] != nil {
            let appended = Catalog.Stream(name: descriptor.name, namespace: descriptor.namespace, syncMode: .append)
            streams.append(
                Stream(
                    descriptor: appended, encoders: EncoderFactory { RejectEncoder() }, time: RecordTime(field: nil),
                    naming: own, wrapped: false))
        }
        return streams
    }
}
