import CZlib

/// zlib's inflate, as a reader independent of the compressors here: it checks what they write.
///
/// Memory: zlib's inflate state (~7 KiB) and 32 KiB window, per call; the output grows by doubling.
package enum ZlibInflater {
    /// What a gzip file held: its content and how many members it had.
    package struct Gunzipped {
        package var bytes: [UInt8]
        package var members: Int
    }

    /// Reads every member of a gzip file (RFC 1952 §2.2: a file is a series of members), with `inflateReset` between
    /// members, checking each member's CRC-32 and ISIZE; fails on empty input, trailing bytes or a truncated member.
    ///
    /// Unlike Python's `zlib.decompress(data, 31)`, which silently stops after the first member.
    package static func gunzip(_ input: UnsafeRawBufferPointer) throws(CodecError) -> Gunzipped {
        try inflate(input, gzip: true)
    }

    /// Reads a raw deflate stream (RFC 1951) up to its final block; fails if it is truncated or followed by bytes.
    package static func inflateRaw(_ input: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
        try inflate(input, gzip: false).bytes
    }

    private static func inflate(_ input: UnsafeRawBufferPointer, gzip: Bool) throws(CodecError) -> Gunzipped {
        let codec = gzip ? "zlib gunzip" : "zlib inflate"
        var stream = z_stream()
        let initialised = gzip ? stowage_inflate_init_gzip(&stream) : stowage_inflate_init_raw(&stream)
        guard initialised == Z_OK else { throw CodecError(.outOfMemory, codec: codec, detail: "init \(initialised)") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(1 << 16, input.count * 4))
        var produced = 0
        var members = 0
        var consumed = 0
        repeat {
            stream.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self).advanced(by: consumed))
            stream.avail_in = UInt32(input.count - consumed)
            var status = Z_OK
            repeat {
                if produced == output.count { output += [UInt8](repeating: 0, count: output.count) }
                let room = output.count - produced
                status = output.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress! + produced
                    stream.avail_out = UInt32(room)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                produced += room - Int(stream.avail_out)
                if status == Z_BUF_ERROR, stream.avail_out > 0 {
                    throw CodecError(.corruptInput, codec: codec, detail: "member \(members + 1) is truncated")
                }
                if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                    let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                    throw CodecError(.corruptInput, codec: codec, detail: "member \(members + 1): \(message)")
                }
            } while status != Z_STREAM_END
            consumed = input.count - Int(stream.avail_in)
            members += 1
            guard gzip else {
                if consumed < input.count {
                    throw CodecError(.corruptInput, codec: codec, detail: "bytes after the final block")
                }
                break
            }
            inflateReset(&stream)
        } while consumed < input.count
        output.removeLast(output.count - produced)
        return Gunzipped(bytes: output, members: members)
    }
}
