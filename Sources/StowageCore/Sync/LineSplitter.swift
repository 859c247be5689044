/// Splits bytes into text lines, cutting (and marking with `…`) any longer than `longest` bytes.
package struct LineSplitter {
    private let longest: Int
    private var line: [UInt8] = []
    private var cut = false

    package init(longest: Int) {
        self.longest = longest
    }

    /// Calls `emit` with each line `bytes` completes, without its `\n` or `\r\n`.
    package mutating func feed(_ bytes: ArraySlice<UInt8>, _ emit: (String) -> Void) {
        for byte in bytes {
            if byte == 0x0A {
                flush(emit)
            } else if line.count < longest {
                line.append(byte)
            } else {
                cut = true
            }
        }
    }

    /// Emits what is left after the last newline, if anything.
    package mutating func finish(_ emit: (String) -> Void) {
        if !line.isEmpty || cut { flush(emit) }
    }

    private mutating func flush(_ emit: (String) -> Void) {
        if line.last == 0x0D { line.removeLast() }
        emit(String(decoding: line, as: UTF8.self) + (cut ? "…" : ""))
        line.removeAll(keepingCapacity: true)
        cut = false
    }
}
