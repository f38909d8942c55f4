/// Word wrapping by display width, for sentences on narrow pages.
public enum TextWrap {
    /// The lines of `text` in at most `width` columns; each newline starts a line. A word
    /// wider than a line (a domain, an email address, a link) is broken between
    /// characters rather than cut, since the part cut off may be the part that matters.
    /// Lines after the first may be narrower (`restWidth`: text hanging under a bullet).
    public static func lines(_ text: String, width: Int, restWidth: Int? = nil) -> [String] {
        guard width > 0, (restWidth ?? width) > 0, !text.isEmpty else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let wrapped = wrap(paragraph, first: lines.isEmpty ? width : (restWidth ?? width), rest: restWidth ?? width)
            lines += wrapped.isEmpty ? [""] : wrapped
        }
        return lines
    }

    private static func wrap(_ text: Substring, first: Int, rest: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var room: Int { lines.isEmpty ? first : rest }
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if DisplayText.width(of: candidate) <= room {
                line = candidate
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = ""
            for character in word {
                if DisplayText.width(of: line + String(character)) > room, !line.isEmpty {
                    lines.append(line)
                    line = ""
                }
                line.append(character)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Wrapped lines with a hanging prefix: `! ` on the first, as many spaces
    /// on the rest, so a message reads as one block.
    public static func lines(_ text: String, width: Int, prefix: String) -> [String] {
        let indent = String(repeating: " ", count: DisplayText.width(of: prefix))
        return lines(text, width: width - indent.count).enumerated().map { ($0 == 0 ? prefix : indent) + $1 }
    }
}
