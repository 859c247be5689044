import Testing

@testable import S3

struct PartSizingTests {
    @Test func partsDoubleEveryThousand() {
        let sizing = PartSizing(firstPartSize: 8 << 20)
        #expect(sizing.size(ofPart: 1) == 8 << 20)
        #expect(sizing.size(ofPart: 1000) == 8 << 20)
        #expect(sizing.size(ofPart: 1001) == 16 << 20)
        #expect(sizing.size(ofPart: 10_000) == 4 << 30)
    }

    @Test func firstPartIsAtLeastFiveMiBAndNoPartExceedsFiveGiB() {
        #expect(PartSizing(firstPartSize: 1).firstPartSize == 5 << 20)
        let large = PartSizing(firstPartSize: 64 << 20)
        #expect(large.size(ofPart: 10_000) == 5 << 30)
    }

    @Test(arguments: [5 << 20, 6 << 20, 8 << 20, 64 << 20])
    func tenThousandPartsHoldAtLeastFiveTiBFromSixMiBOn(_ first: Int) {
        let sizing = PartSizing(firstPartSize: first)
        #expect(sizing.maximumObjectSize == min(first * 1_023_000, sizing.maximumObjectSize))
        if first >= 6 << 20 {
            #expect(sizing.maximumObjectSize >= 5 << 40)
        } else {
            #expect(sizing.maximumObjectSize > 4 << 40)
        }
    }
}
