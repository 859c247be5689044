/// Deterministic inputs for compression tests: CSV-like rows that compress about 4:1, and bytes that do not.
package enum SampleBytes {
    /// Rows like an IoT export: a hex id, a timestamp, a device, a reading, a flag and a small JSON object.
    package static func csv(count: Int, seed: UInt64 = 1) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        let devices = ["thermostat", "meter", "gateway", "camera", "sensor-hub"]
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count + 256)
        while out.count < count {
            for _ in 0..<32 { out.append(hex[Int(random.next() % 16)]) }
            let r = random.next()
            let row =
                ",2024-05-\(10 + r % 20)T\(r % 24):\(r % 60):\((r >> 8) % 60)Z,\(devices[Int(r % 5)]),"
                + "\(Double(r % 10_000) / 100),\(r % 2 == 0 ? "true" : "false"),"
                + "\"{\"\"site\"\":\"\"s\((r >> 16) % 50)\"\",\"\"fw\"\":\"\"1.\((r >> 24) % 9)\"\"}\"\n"
            out += Array(row.utf8)
        }
        return Array(out.prefix(count))
    }

    /// Bytes that do not compress.
    package static func random(count: Int, seed: UInt64 = 2) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count + 8)
        while out.count < count { withUnsafeBytes(of: random.next()) { out += $0 } }
        return Array(out.prefix(count))
    }

    /// The same byte, repeated: compresses as far as a codec can.
    package static func constant(count: Int) -> [UInt8] { Array(repeating: 0x61, count: count) }
}
