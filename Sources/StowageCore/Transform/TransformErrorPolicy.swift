/// What a sync does with records that a transform step cannot handle: the config's `transform_errors`, at the
/// top level and per stream (a stream's fields win over the top level's).
package struct TransformErrorPolicy: Sendable, Equatable {
    package enum OnError: String, Sendable {
        /// Write the record to the stream's rejects file and go on.
        case reject
        /// Fail the sync at the first rejected record.
        case fail
    }

    /// nil: the top level's, else `reject`.
    package var onError: OnError?
    /// The most records a stream may reject in one sync; nil: the top level's, else no limit.
    package var maxRejected: Int?

    package init(onError: OnError? = nil, maxRejected: Int? = nil) {
        self.onError = onError
        self.maxRejected = maxRejected
    }

    /// This policy with the fields it leaves open taken from `fallback`.
    package func over(_ fallback: TransformErrorPolicy) -> TransformErrorPolicy {
        TransformErrorPolicy(onError: onError ?? fallback.onError, maxRejected: maxRejected ?? fallback.maxRejected)
    }

    /// Reads `transform_errors` from `fields`, if it is there.
    static func read(_ fields: FieldReader) throws(ConfigError) -> TransformErrorPolicy {
        guard let object = try fields.object("transform_errors") else { return TransformErrorPolicy() }
        var policy = TransformErrorPolicy()
        if let value = try object.string("on_error") {
            guard let parsed = OnError(rawValue: value) else {
                throw ConfigError(
                    "'\(object.name("on_error"))' '\(value)' in the config file '\(object.source)' is unknown; use 'reject' or 'fail'."
                )
            }
            policy.onError = parsed
        }
        if let n = try object.number(.maxRejectedRecords) { policy.maxRejected = Int(n) }
        return policy
    }
}

extension NumericField {
    /// `transform_errors.max_rejected`: records one stream may reject before the sync fails.
    package static let maxRejectedRecords = NumericField(
        "max_rejected", 0, 1e12, integer: true, title: "Most rejected records",
        description: "More rejected records than this in one stream fail the sync; no limit when absent.")
}
