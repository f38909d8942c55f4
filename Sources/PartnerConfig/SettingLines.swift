import Foundation

/// Where each setting stands in the file's text, for messages: TOMLKit gives a line only
/// for a syntax error, so the checked file is read again line by line for the rest.
/// Handles what a configuration file holds: `[table]` headers and `key = value` lines
/// with bare, quoted or dotted keys.
struct SettingLines {
    private var lines: [String: Int] = [:]

    init(_ text: String) {
        var table: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let inner = line.drop { $0 == "[" }.prefix { $0 != "]" }
                table = Self.keyPath(String(inner))
                let name = table.joined(separator: ".")
                if lines[name] == nil { lines[name] = index + 1 }
            } else if let equals = Self.equalsSign(in: line) {
                let path = table + Self.keyPath(String(line[..<equals]))
                let name = path.joined(separator: ".")
                if lines[name] == nil { lines[name] = index + 1 }
            }
        }
    }

    /// The line of `path` (dotted), or of the nearest table that holds it.
    func line(of path: String) -> Int? {
        var parts = path.split(separator: ".").map(String.init)
        while !parts.isEmpty {
            if let line = lines[parts.joined(separator: ".")] { return line }
            parts.removeLast()
        }
        return nil
    }

    /// The `=` that ends the key: the first one outside quotes, on a line that is not a comment.
    private static func equalsSign(in line: String) -> String.Index? {
        guard !line.hasPrefix("#") else { return nil }
        var quote: Character?
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "=" {
                return index
            }
        }
        return nil
    }

    /// `a."b.c" . d` → a, b.c, d: the key's parts, quotes removed.
    static func keyPath(_ key: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for character in key {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }
}
