import Testing

@testable import DynamoDB

struct CRC32Tests {
    @Test(arguments: [
        ("", UInt32(0)),
        ("123456789", 0xCBF4_3926),
        ("The quick brown fox jumps over the lazy dog", 0x414F_A339),
        // moto's answer to DescribeTable of a missing table, with the x-amz-crc32 it sent (measured).
        (
            #"{"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": "Requested resource not found: Table: nope not found"}"#,
            1_859_883_539
        ),
    ])
    func matchesPublishedValues(text: String, crc: UInt32) {
        #expect(CRC32.checksum(Array(text.utf8)) == crc)
    }
}
