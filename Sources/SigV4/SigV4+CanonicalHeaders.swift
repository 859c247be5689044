extension SigV4 {
    /// The two header lines of a canonical request: the `name:value` block and the signed-headers list.
    public struct CanonicalHeaders: Sendable, Equatable {
        /// Every `name:value` line, each ending with a newline.
        public var canonicalHeaders: String
        /// The sorted lowercase names joined by `;`, as in the `SignedHeaders=` part of the authorization header.
        public var signedHeaders: String
    }

    /// Returns the canonical headers block and the signed-headers list for `headers`.
    ///
    /// Names are lowercased; values lose leading and trailing spaces and tabs, and each run of them inside a
    /// value becomes one space; headers are sorted by name, and the values of a repeated name are joined by
    /// commas in the order given.
    /// Spec: Step 1, "CanonicalHeaders" and "SignedHeaders", of "Create a signed AWS API request",
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    public static func canonicalHeaders(_ headers: [(String, String)]) -> CanonicalHeaders {
        var entries = headers.enumerated().map { index, header in
            (name: header.0.lowercased(), value: canonicalHeaderValue(header.1), index: index)
        }
        entries.sort { a, b in
            if a.name != b.name {
                return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
            }
            return a.index < b.index
        }
        var canonical = ""
        var signed = ""
        var i = 0
        while i < entries.count {
            let name = entries[i].name
            canonical += name
            canonical += ":"
            canonical += entries[i].value
            i += 1
            while i < entries.count && entries[i].name == name {
                canonical += ","
                canonical += entries[i].value
                i += 1
            }
            canonical += "\n"
            if !signed.isEmpty {
                signed += ";"
            }
            signed += name
        }
        return CanonicalHeaders(canonicalHeaders: canonical, signedHeaders: signed)
    }

    /// Returns `value` trimmed of spaces and tabs at both ends, with each inner run of them made one space.
    static func canonicalHeaderValue(_ value: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            out.append(byte)
        }
        if out.count == value.utf8.count {
            return value
        }
        return String(decoding: out, as: UTF8.self)
    }
}
