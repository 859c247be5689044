/// A test-only Thrift compact-protocol decoder into a generic value tree, used as an independent oracle.
///
/// https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md
struct ThriftCompactReader {
    struct DecodeError: Error, CustomStringConvertible {
        var description: String
    }

    /// One decoded value; integers of every width are widened to `Int64`.
    indirect enum Value: Equatable {
        case bool(Bool)
        case int(Int64)
        case double(Double)
        case binary([UInt8])
        case list([Value])
        case structure(Struct)
    }

    /// A decoded struct: its fields by id, and the ids in the order they appeared.
    struct Struct: Equatable {
        var fields: [Int16: Value] = [:]
        var order: [Int16] = []

        func int(_ id: Int16) -> Int64? {
            if case .int(let v) = fields[id] { return v }
            return nil
        }

        func bool(_ id: Int16) -> Bool? {
            if case .bool(let v) = fields[id] { return v }
            return nil
        }

        func binary(_ id: Int16) -> [UInt8]? {
            if case .binary(let v) = fields[id] { return v }
            return nil
        }

        func string(_ id: Int16) -> String? {
            binary(id).map { String(decoding: $0, as: UTF8.self) }
        }

        func structure(_ id: Int16) -> Struct? {
            if case .structure(let v) = fields[id] { return v }
            return nil
        }

        func list(_ id: Int16) -> [Value]? {
            if case .list(let v) = fields[id] { return v }
            return nil
        }

        func structs(_ id: Int16) -> [Struct]? {
            list(id)?.compactMap { if case .structure(let s) = $0 { s } else { nil } }
        }

        func ints(_ id: Int16) -> [Int64]? {
            list(id)?.compactMap { if case .int(let v) = $0 { v } else { nil } }
        }

        func strings(_ id: Int16) -> [String]? {
            list(id)?.compactMap { if case .binary(let b) = $0 { String(decoding: b, as: UTF8.self) } else { nil } }
        }
    }

    let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func readStruct() throws -> Struct {
        var result = Struct()
        var lastID: Int16 = 0
        while true {
            let header = try readByte()
            if header == 0 { return result }
            let type = header & 0x0F
            let delta = header >> 4
            let id: Int16
            if delta == 0 {
                let raw = try readZigzag()
                guard let narrow = Int16(exactly: raw) else { throw DecodeError(description: "field id \(raw)") }
                id = narrow
            } else {
                id = lastID + Int16(delta)
            }
            lastID = id
            let value: Value
            switch type {
            case 1: value = .bool(true)
            case 2: value = .bool(false)
            default: value = try readValue(type: type)
            }
            guard result.fields[id] == nil else { throw DecodeError(description: "field \(id) repeated") }
            result.fields[id] = value
            result.order.append(id)
        }
    }

    private mutating func readValue(type: UInt8) throws -> Value {
        switch type {
        case 1, 2: return .bool(try readByte() == 1)
        case 3: return .int(Int64(Int8(bitPattern: try readByte())))
        case 4, 5, 6: return .int(try readZigzag())
        case 7:
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(try readByte()) << (8 * UInt64(k)) }
            return .double(Double(bitPattern: bits))
        case 8:
            let count = Int(try readVarint())
            guard position + count <= bytes.count else { throw DecodeError(description: "binary past the end") }
            defer { position += count }
            return .binary(Array(bytes[position..<position + count]))
        case 9, 10:
            let header = try readByte()
            var count = Int(header >> 4)
            if count == 15 { count = Int(try readVarint()) }
            let elementType = header & 0x0F
            var values: [Value] = []
            for _ in 0..<count { values.append(try readValue(type: elementType)) }
            return .list(values)
        case 11:
            let count = Int(try readVarint())
            guard count > 0 else { return .list([]) }
            let types = try readByte()
            var values: [Value] = []
            for _ in 0..<count {
                values.append(try readValue(type: types >> 4))
                values.append(try readValue(type: types & 0x0F))
            }
            return .list(values)
        case 12: return .structure(try readStruct())
        default: throw DecodeError(description: "unknown compact type \(type) at \(position)")
        }
    }

    mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw DecodeError(description: "read past the end") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else { throw DecodeError(description: "varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readZigzag() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }
}
