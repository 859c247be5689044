import Testing

/// Checks a file's footer against its bytes: offsets, sizes, counts, encodings and null counts.
enum ParquetInvariants {
    /// Records an issue for every broken invariant; returns the values of every column, row groups concatenated.
    @discardableResult
    static func check(_ file: ParquetTestFile, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [[ParquetTestFile.Value?]]
    {
        let meta = file.metadata
        let leafInfo = file.leafInfo
        let leafCount = leafInfo.count
        #expect(meta.int(1) == 1, "version", sourceLocation: sourceLocation)
        #expect(file.schema.first?.int(5) == Int64(leafCount), "root num_children", sourceLocation: sourceLocation)
        #expect(meta.structs(7)?.count == leafCount, "one column order per leaf", sourceLocation: sourceLocation)
        #expect(meta.string(6)?.isEmpty == false, "created_by", sourceLocation: sourceLocation)
        var columns = [[ParquetTestFile.Value?]](repeating: [], count: leafCount)
        var position = 4
        var rows: Int64 = 0
        for (g, group) in file.rowGroups.enumerated() {
            let chunks = group.structs(1)!
            #expect(chunks.count == leafCount, sourceLocation: sourceLocation)
            #expect(group.int(5) == Int64(position), "row group \(g) file_offset", sourceLocation: sourceLocation)
            #expect(group.int(7) == Int64(g), "ordinal", sourceLocation: sourceLocation)
            let groupStart = position
            var uncompressed: Int64 = 0
            for (c, chunk) in chunks.enumerated() {
                #expect(chunk.int(2) == 0, "ColumnChunk.file_offset", sourceLocation: sourceLocation)
                let cmd = chunk.structure(3)!
                #expect(cmd.strings(3) == leafInfo[c].path, sourceLocation: sourceLocation)
                #expect(
                    file.chunkStart(cmd) == position, "group \(g) column \(c) starts where the last ended",
                    sourceLocation: sourceLocation)
                let pages = try file.pages(rowGroup: g, column: c)
                var pageBytes = 0
                var valueCount: Int64 = 0
                var stats: [String: Int64] = [:]
                for (p, page) in pages.enumerated() {
                    pageBytes += page.headerLength + page.body.count
                    if page.type == 2 {
                        #expect(p == 0, "the dictionary page comes first", sourceLocation: sourceLocation)
                        #expect(cmd.int(11) == Int64(page.offset), sourceLocation: sourceLocation)
                        stats["2/\(page.header.structure(7)!.int(2)!)", default: 0] += 1
                    } else {
                        #expect(page.type == 0, sourceLocation: sourceLocation)
                        let header = page.header.structure(5)!
                        valueCount += header.int(1)!
                        #expect(header.int(3) == 3 && header.int(4) == 3, "RLE levels", sourceLocation: sourceLocation)
                        stats["0/\(header.int(2)!)", default: 0] += 1
                    }
                }
                let firstData = pages.first { $0.type == 0 }!
                #expect(
                    cmd.int(9) == Int64(firstData.offset), "data_page_offset lands on the first DATA_PAGE",
                    sourceLocation: sourceLocation)
                if pages.first?.type != 2 { #expect(cmd.int(11) == nil, sourceLocation: sourceLocation) }
                #expect(cmd.int(6) == Int64(pageBytes), "total_uncompressed_size", sourceLocation: sourceLocation)
                #expect(cmd.int(5) == valueCount, "num_values", sourceLocation: sourceLocation)
                var recorded: [String: Int64] = [:]
                for s in cmd.structs(13) ?? [] { recorded["\(s.int(1)!)/\(s.int(2)!)"] = s.int(3)! }
                #expect(recorded == stats, "encoding_stats", sourceLocation: sourceLocation)
                var encodings = Set(stats.keys.map { Int64($0.split(separator: "/")[1])! })
                if leafInfo[c].maxDefinitionLevel > 0 { encodings.insert(3) }
                #expect(Set(cmd.ints(2)!) == encodings, "encodings", sourceLocation: sourceLocation)
                let values = try file.values(rowGroup: g, column: c)
                #expect(
                    Int64(values.count) == group.int(3), "one value or list per row", sourceLocation: sourceLocation)
                var nulls: Int64 = 0
                var entries: Int64 = 0
                for value in values {
                    if case .list(let elements) = value {
                        nulls += elements.isEmpty ? 1 : Int64(elements.filter { $0 == nil }.count)
                        entries += Int64(max(1, elements.count))
                    } else {
                        nulls += value == nil ? 1 : 0
                        entries += 1
                    }
                }
                #expect(entries == valueCount, "num_values counts level entries", sourceLocation: sourceLocation)
                #expect(cmd.structure(12)?.int(3) == nulls, "null_count", sourceLocation: sourceLocation)
                columns[c] += values
                position += Int(cmd.int(7)!)
                uncompressed += cmd.int(6)!
            }
            #expect(
                group.int(6) == Int64(position - groupStart), "RowGroup.total_compressed_size",
                sourceLocation: sourceLocation)
            #expect(group.int(2) == uncompressed, "RowGroup.total_byte_size", sourceLocation: sourceLocation)
            rows += group.int(3)!
        }
        #expect(meta.int(3) == rows, "num_rows", sourceLocation: sourceLocation)
        #expect(
            position == file.bytes.count - 8 - file.footerLength, "the footer follows the last chunk",
            sourceLocation: sourceLocation)
        return columns
    }
}
