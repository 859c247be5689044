/// A test-only Parquet reader: the footer through ``ThriftCompactReader``, then every page of every chunk.
///
/// It checks the structure it walks (magic, footer length, page headers inside the chunk's byte range) and
/// decodes v1 data pages (PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY, RLE definition levels) of flat columns.
struct ParquetTestFile {
    typealias Struct = ThriftCompactReader.Struct

    /// One decoded value.
    enum Value: Equatable, Sendable, CustomStringConvertible {
        case int(Int64)
        /// A double's bit pattern, so that -0.0 and 0.0 differ.
        case double(UInt64)
        case bool(Bool)
        case bytes([UInt8])
        /// One row of a LIST column.
        case list([Value?])

        static func real(_ value: Double) -> Value { .double(value.bitPattern) }
        static func string(_ value: String) -> Value { .bytes(Array(value.utf8)) }

        var description: String {
            switch self {
            case .int(let v): "\(v)"
            case .double(let bits): "\(Double(bitPattern: bits))"
            case .bool(let v): "\(v)"
            case .bytes(let b): b.count > 40 ? "<\(b.count) bytes>" : "\"\(String(decoding: b, as: UTF8.self))\""
            case .list(let values): "[" + values.map { $0?.description ?? "null" }.joined(separator: ", ") + "]"
            }
        }
    }

    /// A page: where its header starts, how long the header is, the header, and the (decompressed) body.
    struct Page {
        var offset: Int
        var headerLength: Int
        var header: Struct
        var storedBody: [UInt8]
        var body: [UInt8]
        var type: Int64 { header.int(1)! }
    }

    let bytes: [UInt8]
    let metadata: Struct
    let footerLength: Int
    /// Turns a stored page body into the uncompressed one, given the codec.
    var decompress: (_ codec: Int64, _ stored: [UInt8], _ uncompressedSize: Int) throws -> [UInt8] = {
        codec, stored, _ in
        guard codec == 0 else { throw ThriftCompactReader.DecodeError(description: "codec \(codec)") }
        return stored
    }

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let magic = Array("PAR1".utf8)
        guard bytes.count >= 12, Array(bytes[0..<4]) == magic, Array(bytes[(bytes.count - 4)...]) == magic else {
            throw ThriftCompactReader.DecodeError(description: "no PAR1 magic")
        }
        let n = bytes.count
        footerLength = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        let footerStart = n - 8 - footerLength
        var reader = ThriftCompactReader(bytes, at: footerStart)
        metadata = try reader.readStruct()
        guard reader.position == n - 8 else {
            throw ThriftCompactReader.DecodeError(description: "footer ends at \(reader.position), not \(n - 8)")
        }
        rowGroups = metadata.structs(4) ?? []
        schema = metadata.structs(2) ?? []
        leafInfo = Self.leaves(of: schema)
    }

    /// A leaf of the schema tree with the levels its path implies.
    struct Leaf {
        var element: Struct
        var path: [String]
        var maxDefinitionLevel: Int
        var maxRepetitionLevel: Int
        /// The definition level at which a one-level-repeated leaf's list exists but is empty.
        var listDefinitionLevel: Int
    }

    let rowGroups: [Struct]
    let schema: [Struct]
    /// The leaves, found by walking the depth-first schema with `num_children`.
    let leafInfo: [Leaf]
    var leaves: [Struct] { leafInfo.map(\.element) }

    static func leaves(of schema: [Struct]) -> [Leaf] {
        var result: [Leaf] = []
        var index = 1
        func walk(path: [String], definition: Int, repetition: Int, listLevel: Int) {
            let element = schema[index]
            index += 1
            let kind = element.int(3) ?? 0
            let def = definition + (kind == 0 ? 0 : 1)
            let rep = repetition + (kind == 2 ? 1 : 0)
            let list = kind == 2 ? definition : listLevel
            let name = element.string(4)!
            if let children = element.int(5) {
                for _ in 0..<children { walk(path: path + [name], definition: def, repetition: rep, listLevel: list) }
            } else {
                result.append(
                    Leaf(
                        element: element, path: path + [name], maxDefinitionLevel: def, maxRepetitionLevel: rep,
                        listDefinitionLevel: list))
            }
        }
        let rootChildren = schema.first?.int(5) ?? 0
        for _ in 0..<rootChildren { walk(path: [], definition: 0, repetition: 0, listLevel: 0) }
        return result
    }

    func columnMetaData(rowGroup: Int, column: Int) -> Struct {
        rowGroups[rowGroup].structs(1)![column].structure(3)!
    }

    /// The chunk's first page offset: the dictionary page when there is one, else the first data page.
    func chunkStart(_ meta: Struct) -> Int {
        if let dictionary = meta.int(11), dictionary > 0 { return Int(dictionary) }
        return Int(meta.int(9)!)
    }

    /// Every page of a chunk, walking `total_compressed_size` bytes from its first page.
    func pages(rowGroup: Int, column: Int) throws -> [Page] {
        let meta = columnMetaData(rowGroup: rowGroup, column: column)
        let start = chunkStart(meta)
        let end = start + Int(meta.int(7)!)
        var pages: [Page] = []
        var position = start
        while position < end {
            var reader = ThriftCompactReader(bytes, at: position)
            let header = try reader.readStruct()
            let bodyStart = reader.position
            let stored = Array(bytes[bodyStart..<bodyStart + Int(header.int(3)!)])
            let body = try decompress(meta.int(4)!, stored, Int(header.int(2)!))
            guard body.count == Int(header.int(2)!) else {
                throw ThriftCompactReader.DecodeError(description: "page body \(body.count) != \(header.int(2)!)")
            }
            pages.append(
                Page(
                    offset: position, headerLength: bodyStart - position, header: header, storedBody: stored,
                    body: body))
            position = bodyStart + stored.count
        }
        guard position == end else { throw ThriftCompactReader.DecodeError(description: "chunk overruns") }
        return pages
    }

    /// Every row of a column chunk: a value or nil, or for a column repeated once a `.list` (nil for a null list).
    func values(rowGroup: Int, column: Int) throws -> [Value?] {
        let meta = columnMetaData(rowGroup: rowGroup, column: column)
        let info = leafInfo[column]
        let leaf = info.element
        let physical = meta.int(1)!
        let maxDefinition = info.maxDefinitionLevel
        var dictionary: [Value] = []
        var result: [Value?] = []
        for page in try pages(rowGroup: rowGroup, column: column) {
            let body = page.body
            if page.type == 2 {
                let header = page.header.structure(7)!
                var position = 0
                dictionary = try Self.plain(
                    body, &position, physical: physical, count: Int(header.int(1)!), typeLength: leaf.int(2))
                continue
            }
            guard page.type == 0 else { throw ThriftCompactReader.DecodeError(description: "page type \(page.type)") }
            let header = page.header.structure(5)!
            let count = Int(header.int(1)!)
            var position = 0
            func levels(max: Int) throws -> [UInt32] {
                guard max > 0 else { return [UInt32](repeating: 0, count: count) }
                let length = Int(Self.u32(body, at: position))
                let width = Int.bitWidth - max.leadingZeroBitCount
                defer { position += 4 + length }
                return try RLEHybridDecoder.decode(
                    body, from: position + 4, to: position + 4 + length, bitWidth: width, count: count)
            }
            let repetitionLevels = try levels(max: info.maxRepetitionLevel)
            let definitionLevels = try levels(max: maxDefinition)
            let present = definitionLevels.filter { $0 == maxDefinition }.count
            let values: [Value]
            switch header.int(2)! {
            case 0:
                values = try Self.plain(body, &position, physical: physical, count: present, typeLength: leaf.int(2))
            case 2, 8:
                let bitWidth = Int(body[position])
                let indices = try RLEHybridDecoder.decode(
                    body, from: position + 1, to: body.count, bitWidth: bitWidth, count: present)
                values = try indices.map {
                    guard Int($0) < dictionary.count else {
                        throw ThriftCompactReader.DecodeError(description: "index \($0) of \(dictionary.count)")
                    }
                    return dictionary[Int($0)]
                }
                position = body.count
            case let encoding: throw ThriftCompactReader.DecodeError(description: "encoding \(encoding)")
            }
            guard position == body.count else {
                throw ThriftCompactReader.DecodeError(description: "page body has \(body.count - position) bytes left")
            }
            var next = values.makeIterator()
            for (repetition, definition) in zip(repetitionLevels, definitionLevels) {
                let value = Int(definition) == maxDefinition ? next.next()! : nil
                guard info.maxRepetitionLevel > 0 else {
                    result.append(value)
                    continue
                }
                if repetition == 0 {
                    result.append(Int(definition) < info.listDefinitionLevel ? nil : .list([]))
                }
                if Int(definition) > info.listDefinitionLevel, case .list(var elements) = result.removeLast() {
                    elements.append(value)
                    result.append(.list(elements))
                }
            }
        }
        return result
    }

    static func u32(_ bytes: [UInt8], at i: Int) -> UInt32 {
        UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
    }

    static func u64(_ bytes: [UInt8], at i: Int) -> UInt64 {
        UInt64(u32(bytes, at: i)) | UInt64(u32(bytes, at: i + 4)) << 32
    }

    /// PLAIN values (Encodings.md): little-endian numbers, LSB-first booleans, `u32`-length-prefixed byte arrays.
    static func plain(_ body: [UInt8], _ position: inout Int, physical: Int64, count: Int, typeLength: Int64?) throws
        -> [Value]
    {
        var values: [Value] = []
        switch physical {
        case 0:
            for i in 0..<count { values.append(.bool(body[position + i / 8] >> (i % 8) & 1 == 1)) }
            position += (count + 7) / 8
        case 1:
            for _ in 0..<count {
                values.append(.int(Int64(Int32(bitPattern: u32(body, at: position)))))
                position += 4
            }
        case 2:
            for _ in 0..<count {
                values.append(.int(Int64(bitPattern: u64(body, at: position))))
                position += 8
            }
        case 3:
            for _ in 0..<count {
                values.append(.bytes(Array(body[position..<position + 12])))
                position += 12
            }
        case 4:
            for _ in 0..<count {
                values.append(.real(Double(Float(bitPattern: u32(body, at: position)))))
                position += 4
            }
        case 5:
            for _ in 0..<count {
                values.append(.double(u64(body, at: position)))
                position += 8
            }
        case 6:
            for _ in 0..<count {
                let length = Int(u32(body, at: position))
                values.append(.bytes(Array(body[position + 4..<position + 4 + length])))
                position += 4 + length
            }
        default: throw ThriftCompactReader.DecodeError(description: "physical type \(physical)")
        }
        return values
    }
}
