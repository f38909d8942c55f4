import Foundation

/// Header fields laid out by RFC 5322 §2.1.1 and §2.2.3 and RFC 2047: folded before a
/// space so that no line passes 78 octets where a fold is possible, and text that plain
/// ASCII cannot carry (or could be misread) as encoded-words of whole characters.
enum MailHeader {
    static let lineLimit = 78
    /// RFC 2047 §2: an encoded-word is at most 75 characters.
    static let encodedWordLimit = 75
    private static let wordPrefix = "=?utf-8?B?"
    private static let wordSuffix = "?="

    /// A field whose value has its own syntax (an address, a date, a message id): written
    /// as given, folded only at its spaces. Line breaks and control characters are
    /// dropped so nothing can start another header. An address without spaces cannot be
    /// folded; the field tables keep it far under 998 octets. A non-ASCII address stays
    /// UTF-8 (RFC 6532): encoded-words are not allowed inside an address.
    static func address(_ name: String, _ value: String) -> String {
        fold(name, words: printable(value).split(separator: " ").map(String.init))
    }

    /// Free text (the subject): its words folded as they are when it is printable ASCII
    /// with single spaces and every word fits on a line, else encoded-words.
    static func text(_ name: String, _ value: String) -> String {
        let clean = printable(value)
        let words = clean.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let firstRoom = lineLimit - name.utf8.count - 2
        let plain = clean.unicodeScalars.allSatisfy { $0.isASCII } && !clean.contains("=?")
            && words.allSatisfy { !$0.isEmpty && $0.utf8.count < lineLimit }
            && (words.first?.utf8.count ?? 0) <= firstRoom
        return fold(name, words: plain ? words : encodedWords(clean, firstRoom: firstRoom))
    }

    /// "Name: w1 w2…", a new line (CRLF SP) before any word that would pass the limit.
    private static func fold(_ name: String, words: [String]) -> String {
        var lines = ["\(name):"]
        for word in words {
            if lines.count > 1 || lines[0].utf8.count > name.utf8.count + 1,
               lines[lines.count - 1].utf8.count + 1 + word.utf8.count > lineLimit {
                lines.append(" " + word)
            } else {
                lines[lines.count - 1] += " " + word
            }
        }
        return lines.joined(separator: "\r\n")
    }

    /// The text as base64 encoded-words, each holding whole Unicode scalars (RFC 2047
    /// §5: a character is never split across words) and fitting its line: the first
    /// after "Name: ", the others after the folding space.
    static func encodedWords(_ text: String, firstRoom: Int) -> [String] {
        guard !text.isEmpty else { return [] }
        var words: [String] = []
        var chunk: [UInt8] = []
        func capacity() -> Int {
            let room = min(encodedWordLimit, words.isEmpty ? firstRoom : lineLimit - 1)
            // Base64 turns each 3 bytes into 4 characters.
            return (room - wordPrefix.count - wordSuffix.count) / 4 * 3
        }
        func flush() {
            words.append(wordPrefix + Data(chunk).base64EncodedString() + wordSuffix)
            chunk = []
        }
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > capacity() { flush() }
            chunk += bytes
        }
        flush()
        return words
    }

    /// Without control characters (CR and LF above all: no header injection).
    static func printable(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 && !(128...159).contains($0.value) }))
    }
}
