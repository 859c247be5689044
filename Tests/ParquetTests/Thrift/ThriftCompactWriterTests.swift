import Testing

@testable import Parquet

/// Golden bytes derived by hand from thrift-compact-protocol.md: a field header is `delta << 4 | type` for a delta of
/// 1–15, else `type` + zigzag varint id; i32 5, i64 6, binary 8, list 9, struct 12, bool 1/2; stop byte 0.
@Suite struct ThriftCompactWriterTests {
    /// A struct whose fields are written by a closure.
    struct Fields: ThriftStruct {
        var body: (inout ThriftCompactWriter) -> Void
        func write(to writer: inout ThriftCompactWriter) { body(&writer) }
    }

    static func encode(_ body: @escaping (inout ThriftCompactWriter) -> Void) -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.write(Fields(body: body))
        return writer.bytes
    }

    @Test func anEmptyStructIsTheStopByte() {
        #expect(Self.encode { _ in } == [0x00])
    }

    @Test func shortFieldHeadersCarryTheDelta() {
        let bytes = Self.encode {
            $0.field(1, i32: 0)
            $0.field(2, i32: 1)
            $0.field(15, i64: 2)
        }
        // id 1: 1<<4|5; id 2: delta 1; id 15: delta 13 = 0xD, type 6.
        #expect(bytes == [0x15, 0x00, 0x15, 0x02, 0xD6, 0x04, 0x00])
    }

    @Test func aDeltaAbove15OrBackwardsUsesTheLongForm() {
        let bytes = Self.encode {
            $0.field(1, i32: 1)
            $0.field(17, i32: -1)
            $0.field(3, i64: 0)
            $0.field(300, i32: 0)
        }
        // id 17: type 5, zigzag(17) = 34; id 3 after 17: type 6, zigzag(3) = 6; id 300: zigzag 600 = 0xD8 0x04.
        #expect(bytes == [0x15, 0x02, 0x05, 0x22, 0x01, 0x06, 0x06, 0x00, 0x05, 0xD8, 0x04, 0x00, 0x00])
    }

    static let zigzagCases: [(Int64, [UInt8])] = [
        (0, [0x00]),
        (-1, [0x01]),
        (1, [0x02]),
        (-64, [0x7F]),
        (64, [0x80, 0x01]),
        (300, [0xD8, 0x04]),
        (Int64(Int32.min), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        (Int64.max, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        (Int64.min, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test(arguments: zigzagCases)
    func zigzagVarints(value: Int64, expected: [UInt8]) {
        #expect(Self.encode { $0.field(1, i64: value) } == [0x16] + expected + [0x00])
    }

    @Test func boolsLiveInTheTypeNibble() {
        let bytes = Self.encode {
            $0.field(1, bool: true)
            $0.field(2, bool: false)
            $0.field(20, bool: true)
        }
        #expect(bytes == [0x11, 0x12, 0x01, 0x28, 0x00])
    }

    @Test func smallIntegers() {
        let bytes = Self.encode {
            $0.field(1, i8: 64)
            $0.field(2, i8: -1)
            $0.field(7, i16: 3)
        }
        #expect(bytes == [0x13, 0x40, 0x13, 0xFF, 0x54, 0x06, 0x00])
    }

    @Test func binaryIsALengthAndTheBytes() {
        let bytes = Self.encode {
            $0.field(4, string: "ab")
            $0.field(5, binary: [UInt8]())
        }
        #expect(bytes == [0x48, 0x02, 0x61, 0x62, 0x18, 0x00, 0x00])
    }

    @Test func nestedStructsRestartAndRestoreFieldIDs() {
        let inner = Fields { $0.field(5, i32: 5) }
        let bytes = Self.encode {
            $0.field(3, struct: inner)
            $0.field(4, i32: 7)
            $0.emptyStructField(5)
        }
        // Inner field 5 is a delta of 5 from 0; outer field 4 is a delta of 1 from 3.
        #expect(bytes == [0x3C, 0x55, 0x0A, 0x00, 0x15, 0x0E, 0x1C, 0x00, 0x00])
    }

    @Test func shortListsPutTheCountInTheHeader() {
        let bytes = Self.encode {
            $0.field(2, i32s: [1, -1])
            $0.field(3, strings: ["x"])
            $0.field(4, i32s: [])
        }
        #expect(bytes == [0x29, 0x25, 0x02, 0x01, 0x19, 0x18, 0x01, 0x78, 0x19, 0x05, 0x00])
    }

    @Test(arguments: [14, 15, 20, 200])
    func longListsUseAVarintCount(count: Int) {
        let bytes = Self.encode { $0.field(1, i32s: [Int32](repeating: 1, count: count)) }
        var header: [UInt8] = count < 15 ? [UInt8(count) << 4 | 5] : [0xF5]
        if count >= 15 { header += count < 128 ? [UInt8(count)] : [UInt8(count & 0x7F) | 0x80, UInt8(count >> 7)] }
        #expect(bytes == [0x19] + header + [UInt8](repeating: 0x02, count: count) + [0x00])
    }

    @Test func listsOfStructsEndEachElementWithAStop() {
        let element = Fields { $0.field(1, i32: 1) }
        let bytes = Self.encode { $0.field(1, structs: [element, element]) }
        #expect(bytes == [0x19, 0x2C, 0x15, 0x02, 0x00, 0x15, 0x02, 0x00, 0x00])
    }
}
