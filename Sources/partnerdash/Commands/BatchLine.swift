import Foundation

/// One line of a batch: the words of a command, written as a shell would take them or as
/// a JSON object `{"args":[…]}` (JSON Lines). Blank lines and `#` comments hold none.
enum BatchLine {
    /// The command's words, or nil when the line holds no command.
    static func arguments(_ line: String) throws -> [String]? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{") { return try jsonArguments(trimmed) }
        let words = try shellWords(line)
        return words.isEmpty ? nil : words
    }

    private struct JSONCommand: Decodable { var args: [String] }

    private static func jsonArguments(_ line: String) throws -> [String] {
        guard let command = try? JSONDecoder().decode(JSONCommand.self, from: Data(line.utf8)) else {
            throw CLIError("line", "a JSON line is one object whose \"args\" are the command's words as strings, "
                           + "e.g. {\"args\":[\"customers\",\"list\"]}", code: ExitStatus.usage)
        }
        return command.args
    }

    /// Words as `sh` splits them, without its expansions: blanks separate words; '…' keeps
    /// everything; "…" keeps everything but `\"` `\\` `\$` `` \` ``; a backslash outside
    /// quotes keeps the next character; `#` at the start of a word begins a comment.
    static func shellWords(_ line: String) throws -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = line.makeIterator()
        while let c = characters.next() {
            switch c {
            case " ", "\t":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "#" where !inWord:
                return words
            case "'":
                inWord = true
                word += try quoted(&characters, until: "'", escapes: [])
            case "\"":
                inWord = true
                word += try quoted(&characters, until: "\"", escapes: ["\"", "\\", "$", "`"])
            case "\\":
                inWord = true
                if let next = characters.next() { word.append(next) }
            default:
                inWord = true
                word.append(c)
            }
        }
        if inWord { words.append(word) }
        return words
    }

    private static func quoted(_ characters: inout String.Iterator, until end: Character, escapes: Set<Character>) throws -> String {
        var text = ""
        while let c = characters.next() {
            if c == end { return text }
            if c == "\\", !escapes.isEmpty, let next = characters.next() {
                if !escapes.contains(next) { text.append(c) }
                text.append(next)
            } else {
                text.append(c)
            }
        }
        throw CLIError("line", "the quote \(end) is not closed", code: ExitStatus.usage)
    }
}
