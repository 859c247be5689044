import Testing

@testable import Parquet

@Suite struct ColumnWriterTests {
    typealias Cell = TableWriter.Cell

    static let plainStrings = ParquetColumn(
        name: "s", physicalType: .byteArray, repetition: .optional, usesDictionary: false)

    /// Pages without nulls have 6–8 bytes of levels, which go into the room ahead of the values; pages of
    /// alternating nulls have hundreds, which are copied with the values into a body of their own. Both read back.
    @Test func plainPagesWithShortAndLongLevelsRoundTrip() throws {
        let dense: [[Cell]] = (0..<1_000).map { [.string("value \($0)")] }
        let sparse: [[Cell]] = (0..<1_000).map { $0 % 2 == 0 ? [.null] : [.string("v\($0)")] }
        let file = try TableWriter.roundTrip(
            [Self.plainStrings], rows: dense + sparse + dense, options: TableWriter.options(pageRowLimit: 1_000))
        let pages = try file.pages(rowGroup: 0, column: 0)
        #expect(pages.count == 3)
        // Each body opens with the byte length of its definition levels: short, long, short.
        let levelLengths = pages.map { Int(ParquetTestFile.u32($0.body, at: 0)) }
        #expect(levelLengths[0] + 4 <= ColumnWriter.levelRoom && levelLengths[2] + 4 <= ColumnWriter.levelRoom)
        #expect(levelLengths[1] + 4 > ColumnWriter.levelRoom)
    }

    /// A page of nulls only, after the chunk fell back from its dictionary, is levels alone.
    @Test func aPlainPageOfOnlyNullsRoundTrips() throws {
        let column = ParquetColumn(name: "s", physicalType: .byteArray, repetition: .optional, usesDictionary: true)
        let distinct: [[Cell]] = (0..<300).map { [.string("distinct value number \($0)")] }
        let nulls: [[Cell]] = (0..<300).map { _ in [.null] }
        try TableWriter.roundTrip(
            [column], rows: distinct + nulls + distinct,
            options: TableWriter.options(pageRowLimit: 300, dictionarySizeLimit: 100))
    }
}
