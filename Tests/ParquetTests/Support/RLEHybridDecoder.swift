/// A test-only decoder of the RLE / bit-packing hybrid (Encodings.md), written independently of the encoder.
enum RLEHybridDecoder {
    /// Decodes `count` values from `bytes[start..<end]`; throws if the runs end early.
    static func decode(_ bytes: [UInt8], from start: Int, to end: Int, bitWidth: Int, count: Int) throws -> [UInt32] {
        var reader = ThriftCompactReader(Array(bytes[start..<end]))
        var values: [UInt32] = []
        values.reserveCapacity(count)
        while values.count < count {
            let header = try reader.readVarint()
            if header & 1 == 0 {
                var value: UInt32 = 0
                for k in 0..<(bitWidth + 7) / 8 { value |= UInt32(try reader.readByte()) << (8 * UInt32(k)) }
                values.append(contentsOf: repeatElement(value, count: min(Int(header >> 1), count - values.count)))
            } else {
                let total = Int(header >> 1) * 8
                var packed: [UInt8] = []
                for _ in 0..<(Int(header >> 1) * bitWidth) { packed.append(try reader.readByte()) }
                for i in 0..<total where values.count < count {
                    var value: UInt32 = 0
                    for b in 0..<bitWidth {
                        let bit = i * bitWidth + b
                        if packed[bit / 8] >> (bit % 8) & 1 == 1 { value |= 1 << UInt32(b) }
                    }
                    values.append(value)
                }
            }
        }
        return values
    }
}
