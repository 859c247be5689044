import Testing

@testable import StowageCore

@Suite struct ParquetSettingsTests {
    static func parse(_ format: String) throws(ConfigError) -> Configuration {
        let value: JSONValue
        do { value = try JSONValue.parse(Array(#"{"s3_bucket_name":"b","format":\#(format)}"#.utf8)) } catch {
            throw ConfigError("bad test input")
        }
        return try Configuration.parse(value, source: "config.json")
    }

    @Test func airbytesParquetFormatIsAcceptedUnchanged() throws {
        let config = try Self.parse(
            #"{"format_type":"Parquet","compression_codec":"SNAPPY","block_size_mb":128,"max_padding_size_mb":8,"page_size_kb":1024,"dictionary_page_size_kb":1024,"dictionary_encoding":true}"#
        )
        #expect(config.formatType == .parquet)
        #expect(config.fileExtension == ".parquet")
        #expect(config.parquet.codec == .snappy)
        #expect(config.parquet.blockSizeMB == 128)
        #expect(config.parquet.dictionaryEncoding)
        #expect(config.listsDataMembers)
    }

    @Test func defaultsKeepMemoryBounded() throws {
        let config = try Self.parse(#"{"format_type":"Parquet"}"#)
        #expect(config.parquet == ParquetSettings())
        #expect(config.parquet.codec == .uncompressed)
        #expect(config.parquet.blockSizeMB == 64)
        #expect(config.heldBytesBudget == 128 << 20)
        var big = config
        big.parquet.blockSizeMB = 512
        #expect(big.heldBytesBudget == 576 << 20)
        #expect(try Self.parse(#"{"format_type":"CSV"}"#).heldBytesBudget == Int.max)
    }

    @Test(arguments: ["UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD", "zstd"])
    func theFourCodecsEveryReaderReadsAreTaken(_ codec: String) throws {
        let config = try Self.parse(#"{"format_type":"Parquet","compression_codec":"\#(codec)"}"#)
        #expect(config.parquet.codec.rawValue == codec.uppercased())
    }

    @Test(arguments: [("LZO", "pyarrow"), ("BROTLI", "Spark"), ("LZ4", "LZ4"), ("XZ", "not a Parquet codec")])
    func otherCodecsAreConfigErrors(_ pair: (String, String)) {
        #expect {
            try Self.parse(#"{"format_type":"Parquet","compression_codec":"\#(pair.0)"}"#)
        } throws: { error in
            let message = (error as? ConfigError)?.message ?? ""
            return message.contains("'format.compression_codec'") && message.contains("'\(pair.0)'")
                && message.contains(pair.1) && message.contains("use UNCOMPRESSED, SNAPPY, GZIP or ZSTD")
        }
    }

    @Test(arguments: [
        ("block_size_mb", "0"), ("block_size_mb", "2000"), ("block_size_mb", "1.5"), ("page_size_kb", "0"),
        ("dictionary_page_size_kb", "1e9"), ("max_padding_size_mb", "-1"),
    ])
    func everyNumericOptionHasARange(_ pair: (String, String)) {
        #expect {
            try Self.parse(#"{"format_type":"Parquet","\#(pair.0)":\#(pair.1)}"#)
        } throws: { error in
            ((error as? ConfigError)?.message ?? "").contains("'format.\(pair.0)'")
        }
    }

    @Test func csvCompressionDoesNotApplyToParquet() throws {
        let config = try Self.parse(
            #"{"format_type":"Parquet","compression_codec":"GZIP","compression":{"compression_type":"GZIP"},"flattening":"Deep"}"#
        )
        #expect(config.compression == .none)
        #expect(config.parquet.codec == .gzip)
    }
}
