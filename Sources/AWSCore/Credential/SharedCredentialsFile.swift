/// The profiles of an AWS shared credentials file (INI): `[name]` sections of `key = value` lines.
///
/// Section names may also be written `[profile name]` (the config file's form). Lines starting with `#` or `;`
/// are comments; keys are lower-cased; a value runs from the first `=` to the end of the line, trimmed.
package struct SharedCredentialsFile: Sendable, Equatable {
    package var profiles: [String: [String: String]]

    package init(parsing text: String) {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(
            omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        {
            let line = rawLine.trimmingASCIIWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    current = nil
                    continue
                }
                var name = line.dropFirst().dropLast().trimmingASCIIWhitespace()
                if name.hasPrefix("profile ") {
                    name = name.dropFirst("profile ".count).trimmingASCIIWhitespace()
                }
                current = name
                profiles[name, default: [:]] = profiles[name] ?? [:]
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingASCIIWhitespace().lowercased()
            let value = line[line.index(after: equals)...].trimmingASCIIWhitespace()
            profiles[current]?[key] = value
        }
        self.profiles = profiles
    }
}
