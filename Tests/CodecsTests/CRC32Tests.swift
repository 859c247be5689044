import SampleData
import Testing

@testable import Codecs

@Suite struct CRC32Tests {
    /// The CRC-32/ISO-HDLC check value (reveng.sourceforge.io/crc-catalogue, "CRC-32/ISO-HDLC": check=0xcbf43926).
    @Test func theCatalogueCheckValue() {
        let crc = Array("123456789".utf8).withUnsafeBytes { CRC32.checksum($0) }
        #expect(crc == 0xCBF4_3926)
    }

    @Test func anEmptyInputIsZero() {
        #expect(CRC32.checksum(UnsafeRawBufferPointer(start: nil, count: 0)) == 0)
    }

    @Test(arguments: [0, 1, 7, 65_536, 1 << 20])
    func combiningEqualsTheWhole(split: Int) {
        let data = SampleBytes.csv(count: (1 << 20) + 5)
        data.withUnsafeBytes { all in
            let first = CRC32.checksum(UnsafeRawBufferPointer(rebasing: all[..<split]))
            let second = CRC32.checksum(UnsafeRawBufferPointer(rebasing: all[split...]))
            let combined = CRC32.combine(first, second, secondCount: all.count - split)
            #expect(combined == CRC32.checksum(all))
            #expect(CRC32.checksum(UnsafeRawBufferPointer(rebasing: all[split...]), continuing: first) == combined)
        }
    }
}
