/// The storage of a compiled expression: instructions, their columns, string constants and paths.
///
/// It lives in raw memory so that evaluation reads it through plain pointers, with no reference counting or bounds
/// checks per record. Memory: a few bytes per character of the expression.
final class Program: @unchecked Sendable {
    // @unchecked: every field is written once in init and only read afterwards.
    let code: UnsafeMutableBufferPointer<Instruction>
    /// The 1-based column of each instruction's operator, for errors.
    let columns: UnsafeMutableBufferPointer<Int32>
    let strings: UnsafeMutableBufferPointer<UInt8>
    let paths: UnsafeMutableBufferPointer<AttributePath>
    /// The most values the stack holds at once while the program runs.
    let maximumStackDepth: Int

    init(code: [Instruction], columns: [Int32], strings: [UInt8], paths: [AttributePath], maximumStackDepth: Int) {
        self.code = .allocate(capacity: code.count)
        _ = self.code.initialize(from: code)
        self.columns = .allocate(capacity: max(columns.count, 1))
        _ = self.columns.initialize(from: columns)
        self.strings = .allocate(capacity: max(strings.count, 1))
        _ = self.strings.initialize(from: strings)
        self.paths = .allocate(capacity: max(paths.count, 1))
        _ = self.paths.initialize(from: paths)
        self.pathCount = paths.count
        self.maximumStackDepth = maximumStackDepth
    }

    private let pathCount: Int

    var pathList: [AttributePath] { Array(paths.prefix(pathCount)) }

    /// The pointers evaluation reads, valid while this program is alive.
    var view: ProgramView {
        ProgramView(
            code: UnsafePointer(code.baseAddress!), columns: UnsafePointer(columns.baseAddress!), count: code.count,
            strings: UnsafePointer(strings.baseAddress!),
            paths: UnsafePointer(paths.baseAddress!), pathCount: pathCount, maximumStackDepth: maximumStackDepth)
    }

    deinit {
        code.deallocate()
        columns.deallocate()
        strings.deallocate()
        paths.baseAddress!.deinitialize(count: pathCount)
        paths.deallocate()
    }
}

/// The raw pointers of a ``Program``, copied into ``Expression`` so that evaluating reads them without touching the
/// program's reference count; valid while an ``Expression`` holding the program is alive.
///
/// A caller that keeps its expressions alive can hand the evaluator their views and so never copy an
/// ``Expression`` per record.
package struct ProgramView {
    let code: UnsafePointer<Instruction>
    let columns: UnsafePointer<Int32>
    let count: Int
    let strings: UnsafePointer<UInt8>
    package let paths: UnsafePointer<AttributePath>
    package let pathCount: Int
    let maximumStackDepth: Int
}
