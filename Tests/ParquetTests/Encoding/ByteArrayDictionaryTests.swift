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

@Suite struct ByteArrayDictionaryHashTests {
    /// Values of every length 0–24 that differ in one byte each must stay distinct entries (the hash reads tails
    /// with overlapping loads; equality must still see every byte).
    @Test func valuesDifferingInAnyOneByteStayDistinct() {
        var dictionary = ByteArrayDictionary()
        var expected: [[UInt8]: UInt32] = [:]
        for length in 0...24 {
            let base = [UInt8](repeating: 0x61, count: length)
            var variants = [base]
            for position in 0..<length {
                var v = base
                v[position] = 0x62
                variants.append(v)
            }
            for v in variants {
                let found = v.withUnsafeBytes { dictionary.index(of: $0, byteLimit: .max) }!
                if let known = expected[v] {
                    #expect(found.index == known && !found.inserted)
                } else {
                    #expect(found.inserted)
                    expected[v] = found.index
                }
            }
        }
        #expect(dictionary.count == expected.count)
        for (v, index) in expected {
            #expect(v.withUnsafeBytes { dictionary.index(of: $0, byteLimit: 0) }?.index == index)
            #expect(dictionary.entry(Int(index)) == v)
        }
    }
}
