import Testing

@testable import StowageCore

@Suite struct ObjectLayoutTests {
    static func layout(_ format: String = Configuration.defaultPathFormat, bucketPath: String = "data") throws
        -> ObjectLayout
    {
        // 2024-02-29T13:05:09.042Z
        try ObjectLayout(
            bucketPath: bucketPath, pathFormat: format, syncStartMilliseconds: 1_709_211_909_042,
            syncUUID: "0b9e5a3c-1d2f-4e6a-8b7c-9d0e1f2a3b4c", fileExtension: ".csv")
    }

    @Test func defaultFormatMatchesAirbyte() throws {
        let names = try Self.layout().stream(namespace: "shop", name: "users").layout(values: [])
        #expect(names.key(part: 0) == "data/shop/users/2024_02_29_1709211909042_0.csv")
        #expect(names.listingPrefix == "data/shop/users/")
    }

    @Test func anAbsentNamespaceCollapsesTheSlashes() throws {
        let names = try Self.layout(bucketPath: "").stream(namespace: nil, name: "users").layout(values: [])
        #expect(names.key(part: 3) == "users/2024_02_29_1709211909042_3.csv")
    }

    @Test func everyVariableExpands() throws {
        let names = try Self.layout(
            "${STREAM_NAME}/${YEAR}/${MONTH}/${DAY}/${HOUR}${MINUTE}${SECOND}.${MILLISECOND}_${UUID}_"
        ).stream(namespace: nil, name: "s").layout(values: [])
        #expect(names.key(part: 0) == "data/s/2024/02/29/130509.042_0b9e5a3c-1d2f-4e6a-8b7c-9d0e1f2a3b4c_0.csv")
        #expect(names.listingPrefix == "data/s/")
        #expect(names.isOwnFile("data/s/2019/12/31/235959.999_1b9e5a3c-1d2f-4e6a-8b7c-9d0e1f2a3b4c_17.csv.gz"))
        #expect(!names.isOwnFile("data/s/2019/12/31/235959.999_notauuid_17.csv"))
    }

    static let hostile: [(String, String)] = [
        ("../../etc", ".._.._etc"), ("a/b", "a_b"), ("..", "__"), (".", "_"), ("", "_"), ("tab\tname", "tab_name"),
        ("café", "caf__"), ("a\u{0}b", "a_b"), ("C:\\x", "C__x"), ("ok-name_1.v2", "ok-name_1.v2"),
    ]

    @Test(arguments: hostile)
    func namesNeverLeaveTheirFolder(_ pair: (String, String)) throws {
        #expect(ObjectLayout.sanitize(pair.0) == pair.1)
        let key = try Self.layout().stream(namespace: pair.0, name: pair.0).layout(values: []).key(part: 0)
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        #expect(segments.count == 4)
        #expect(!segments.contains { $0 == ".." || $0 == "." || $0.isEmpty })
    }

    @Test func ownFilesAreRecognisedAcrossSyncs() throws {
        let names = try Self.layout().stream(namespace: "shop", name: "users").layout(values: [])
        #expect(names.isOwnFile("data/shop/users/2020_01_01_1577836800000_0.csv"))
        #expect(names.isOwnFile("data/shop/users/2020_01_01_1577836800000_12.jsonl.gz"))
        #expect(!names.isOwnFile("data/shop/users/notes.txt"))
        #expect(names.isOwnFile("data/shop/users/2020_01_01_1577836800000_0.parquet"))
        #expect(!names.isOwnFile("data/shop/users/2020_01_01_1577836800000_0.avro"))
        #expect(!names.isOwnFile("data/shop/users/x/2020_01_01_1577836800000_0.csv"))
        #expect(!names.isOwnFile("data/shop/users2/2020_01_01_1577836800000_0.csv"))
        #expect(!names.isOwnFile("data/shop/users/2020_01_01_0.csv"))
    }

    @Test func partNumbersAreReadOnlyFromThisSyncsNames() throws {
        let names = try Self.layout().stream(namespace: nil, name: "s").layout(values: [])
        #expect(names.partNumber(of: "data/s/2024_02_29_1709211909042_7.csv") == 7)
        #expect(names.partNumber(of: "data/s/2024_02_29_1709211909041_7.csv") == nil)
        #expect(names.partNumber(of: "data/s/2024_02_29_1709211909042_7.txt") == nil)
    }

    @Test func unknownVariablesAreConfigErrors() {
        #expect(throws: ConfigError.self) { try Self.layout("${STREAM}/x_") }
    }

    static let hive =
        "${NAMESPACE}/${STREAM_NAME}/year=${RECORD_YEAR}/month=${RECORD_MONTH}/day=${RECORD_DAY}/${EPOCH}_"

    @Test func recordVariablesMakePartitionFolders() throws {
        let naming = try Self.layout(Self.hive).stream(namespace: "plant", name: "sensor_readings")
        #expect(naming.recordPieces == [.year, .month, .day])
        let day = naming.layout(values: ["2019", "03", "14"])
        #expect(day.key(part: 0) == "data/plant/sensor_readings/year=2019/month=03/day=14/1709211909042_0.csv")
        #expect(day.listingPrefix == "data/plant/sensor_readings/year=2019/month=03/day=14/")
        #expect(day.isOwnFile("data/plant/sensor_readings/year=2019/month=03/day=14/1577836800000_3.csv.zst"))
        #expect(!day.isOwnFile("data/plant/sensor_readings/year=2019/month=03/day=15/1577836800000_3.csv"))
        let any = naming.anyPartition
        #expect(any.listingPrefix == "data/plant/sensor_readings/year=")
        #expect(any.isOwnFile("data/plant/sensor_readings/year=2020/month=12/day=01/1_0.csv"))
        #expect(!any.isOwnFile("data/plant/sensor_readings/year=2020/month=12/1_0.csv"))
    }

    @Test func fieldVariablesMatchAnyOneSegment() throws {
        let naming = try Self.layout("${STREAM_NAME}/device=${FIELD:device_id}/${EPOCH}_").stream(
            namespace: nil, name: "t")
        #expect(naming.recordPieces == [.field("device_id")])
        #expect(naming.layout(values: ["d-7"]).key(part: 2) == "data/t/device=d-7/1709211909042_2.csv")
        let any = naming.anyPartition
        #expect(any.isOwnFile("data/t/device=__HIVE_DEFAULT_PARTITION__/1_0.csv"))
        #expect(!any.isOwnFile("data/t/device=a/b/1_0.csv"))
        #expect(!any.isOwnFile("data/t/device=/1_0.csv"))
    }

    @Test func unknownRecordVariablesAreConfigErrors() {
        #expect(throws: ConfigError.self) { try Self.layout("${RECORD_MINUTE}/x_") }
        #expect(throws: ConfigError.self) { try Self.layout("${FIELD:}/x_") }
    }
}
