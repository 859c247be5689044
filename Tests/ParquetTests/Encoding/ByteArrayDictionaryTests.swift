import Testing

@testable import Parquet

@Suite struct ByteArrayDictionaryTests {
    @Test func findsValuesByBytesAndGrowsPastManyEntries() {
        var dictionary = ByteArrayDictionary()
        let values = (0..<5000).map { Array("value-\($0 % 2500)".utf8) } + [[], [0], [0, 0]]
        var indices: [UInt32] = []
        for value in values {
            let found = value.withUnsafeBytes { dictionary.index(of: $0, byteLimit: .max) }!
            indices.append(found.index)
        }
        #expect(dictionary.count == 2503)
        #expect(Array(indices[2500..<2510]) == (0..<10).map { UInt32($0) })
        #expect(dictionary.entry(2500) == [] && dictionary.entry(2502) == [0, 0])
        #expect(dictionary.entry(42) == Array("value-42".utf8))
    }

    @Test func refusesEntriesPastTheByteLimit() {
        var dictionary = ByteArrayDictionary()
        let a = Array("aaaa".utf8)
        #expect(a.withUnsafeBytes { dictionary.index(of: $0, byteLimit: 8) }?.inserted == true)
        #expect(Array("b".utf8).withUnsafeBytes { dictionary.index(of: $0, byteLimit: 8) } == nil)
        #expect(a.withUnsafeBytes { dictionary.index(of: $0, byteLimit: 8) }?.index == 0)
        #expect(dictionary.plainBytes == [4, 0, 0, 0] + a)
    }
}
