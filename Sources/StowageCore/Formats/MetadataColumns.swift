/// The `_airbyte_*` columns that come before a record's data, in Airbyte's legacy (v0) or current (v1) naming.
///
/// v0: `_airbyte_ab_id` (a UUID v4), `_airbyte_emitted_at` (the record's `emitted_at` as received). v1
/// (destination-s3 ≥ 1.0): `_airbyte_raw_id`, `_airbyte_extracted_at`, `_airbyte_generation_id` and
/// `_airbyte_meta` (`{"sync_id":…,"changes":[…]}`). `specs/csv.md` and `specs/jsonl.md` show both.
package struct MetadataColumns: Sendable, Equatable {
    package enum Version: String, Sendable, Equatable, CaseIterable { case v0, v1 }

    package var version: Version
    /// The stream's `generation_id` from the catalog (0 when absent).
    package var generationID: Int64
    /// The stream's `sync_id` from the catalog, if it has one.
    package var syncID: Int64?

    package init(version: Version = .v0, generationID: Int64 = 0, syncID: Int64? = nil) {
        self.version = version
        self.generationID = generationID
        self.syncID = syncID
    }

    /// The column names, in order.
    package var names: [String] {
        switch version {
        case .v0: ["_airbyte_ab_id", "_airbyte_emitted_at"]
        case .v1: ["_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_generation_id", "_airbyte_meta"]
        }
    }

    /// Every name either version uses: data members with these names never become columns of their own.
    package static let reservedNames: Set<String> = Set(Version.allCases.flatMap { MetadataColumns(version: $0).names })

    /// The data column's name without flattening.
    package static let dataColumn = "_airbyte_data"
    /// The column of undeclared members under root-level flattening.
    package static let additionalPropertiesColumn = "_airbyte_additional_properties"

    /// `_airbyte_meta` for a record with no changes, as compact JSON.
    package var emptyMeta: [UInt8] {
        Array("{\"sync_id\":\(syncID.map(String.init) ?? "null"),\"changes\":[]}".utf8)
    }

    /// The `_airbyte_generation_id` value as JSON text.
    package var generationText: [UInt8] { Array(String(generationID).utf8) }

    /// Whether `bytes` (a decoded member name) is one of ``reservedNames``.
    @inline(__always)
    package static func isReserved(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count >= 13, count <= 22, bytes[0] == UInt8(ascii: "_"), bytes[1] == UInt8(ascii: "a") else {
            return false
        }
        return reservedNames.contains(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
    }
}
