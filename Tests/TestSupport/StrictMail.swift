import Foundation

/// A strict reader of the outbox's `.eml` files, written apart from the program's writer
/// so that the two can disagree: RFC 5322 line rules (CRLF only, at most 998 octets, at
/// most 78 wherever a fold was possible), RFC 2047 encoded-words (at most 75 characters,
/// base64 or Q, each decoding to whole UTF-8 characters) and RFC 2045 quoted-printable
/// (lines of at most 76 characters, nothing but printable ASCII, no trailing white
/// space). `parse` throws a `Violation` naming the first rule broken; otherwise it gives
/// the decoded headers and body.
public struct StrictMail {
    public struct Violation: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Unfolded and decoded, in order.
    public var headers: [(name: String, value: String)]
    /// The decoded body, with "\n" line ends (the file's CRLF).
    public var body: String

    /// The message as a person reads it: decoded headers, a blank line, the decoded body.
    public var decodedText: String {
        headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") + "\n\n" + body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public static func parse(contentsOf url: URL) throws -> StrictMail {
        try parse(Array(try Data(contentsOf: url)))
    }

    public static func parse(_ bytes: [UInt8]) throws -> StrictMail {
        let lines = try crlfLines(bytes)
        guard let blank = lines.firstIndex(of: []) else { throw Violation("no blank line ends the header") }
        let headers = try parseHeaders(Array(lines[..<blank]))
        for required in ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"] {
            guard headers.contains(where: { $0.name == required }) else { throw Violation("no \(required) header") }
        }
        let mail = StrictMail(headers: headers, body: try decodeQuotedPrintable(Array(lines[(blank + 1)...])))
        guard mail.header("Content-Transfer-Encoding") == "quoted-printable",
              mail.header("Content-Type") == "text/plain; charset=utf-8", mail.header("MIME-Version") == "1.0" else {
            throw Violation("not a quoted-printable UTF-8 text/plain MIME message: \(headers)")
        }
        let id = mail.header("Message-ID") ?? ""
        guard id.hasPrefix("<"), id.hasSuffix(">"), id.filter({ $0 == "@" }).count == 1, !id.contains(" ") else {
            throw Violation("Message-ID \(id) is not <left@right>")
        }
        return mail
    }

    /// The lines without their CRLF; a bare CR or LF, or a line over 998 octets, is refused.
    static func crlfLines(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var lines: [[UInt8]] = [], line: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 {
                guard index + 1 < bytes.count, bytes[index + 1] == 10 else { throw Violation("bare CR at byte \(index)") }
                guard line.count <= 998 else { throw Violation("a line of \(line.count) octets (over 998)") }
                lines.append(line)
                line = []
                index += 2
                continue
            }
            guard byte != 10 else { throw Violation("bare LF at byte \(index)") }
            line.append(byte)
            index += 1
        }
        guard line.isEmpty else { throw Violation("the last line does not end in CRLF") }
        return lines
    }

    static func parseHeaders(_ lines: [[UInt8]]) throws -> [(name: String, value: String)] {
        var fields: [(name: String, lines: [[UInt8]])] = []
        for line in lines {
            guard line.count <= 78 || !canFold(line) else {
                throw Violation("header line of \(line.count) octets could have been folded: \(String(decoding: line, as: UTF8.self))")
            }
            if line.first == 32 || line.first == 9 {
                guard !fields.isEmpty else { throw Violation("the header starts with a continuation line") }
                guard line.contains(where: { $0 != 32 && $0 != 9 }) else { throw Violation("a folded line holds only white space") }
                fields[fields.count - 1].lines.append(line)
            } else {
                guard let colon = line.firstIndex(of: 58), colon > 0,
                      line[..<colon].allSatisfy({ (33...126).contains($0) }) else {
                    throw Violation("not a header field: \(String(decoding: line, as: UTF8.self))")
                }
                fields.append((String(decoding: line[..<colon], as: UTF8.self), [Array(line[(colon + 1)...])]))
            }
        }
        return try fields.map { field in
            let raw = field.lines.reduce([], +)
            let isAddress = ["From", "To"].contains(field.name)
            // RFC 6532 allows UTF-8 in addresses only; everything else is ASCII (non-ASCII text is encoded-words).
            guard isAddress || raw.allSatisfy({ $0 < 128 }) else { throw Violation("8-bit text in \(field.name)") }
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw Violation("\(field.name) is not UTF-8")
            }
            let value = text.trimmingCharacters(in: .whitespaces)
            return (field.name, field.name == "Subject" ? try decodeUnstructured(value) : value)
        }
    }

    /// A line over 78 octets is allowed only when it is one unbreakable word (after the
    /// field name, or after the folding white space).
    static func canFold(_ line: [UInt8]) -> Bool {
        var rest = ArraySlice(line)
        if rest.first == 32 || rest.first == 9 {
            rest = rest.drop { $0 == 32 || $0 == 9 }
        } else if let colon = rest.firstIndex(of: 58) {
            rest = rest[(colon + 1)...].drop { $0 == 32 || $0 == 9 }
        }
        return rest.contains(32) || rest.contains(9)
    }

    /// RFC 2047 §6.2: encoded-words decoded, the white space between two of them dropped.
    static func decodeUnstructured(_ value: String) throws -> String {
        let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var out = "", previousWasEncoded = false
        for (index, word) in words.enumerated() {
            if let decoded = try decodeEncodedWord(word) {
                if index > 0 && !previousWasEncoded { out += " " }
                out += decoded
                previousWasEncoded = true
            } else {
                if word.contains("=?") { throw Violation("malformed encoded-word \(word)") }
                if index > 0 { out += " " }
                out += word
                previousWasEncoded = false
            }
        }
        return out
    }

    static func decodeEncodedWord(_ word: String) throws -> String? {
        guard word.hasPrefix("=?"), word.hasSuffix("?=") else { return nil }
        guard word.count <= 75 else { throw Violation("encoded-word of \(word.count) characters (over 75): \(word)") }
        let parts = word.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { throw Violation("encoded-word not in UTF-8: \(word)") }
        let bytes: [UInt8]
        switch parts[1].uppercased() {
        case "B":
            guard let data = Data(base64Encoded: String(parts[2])) else { throw Violation("bad base64 in \(word)") }
            bytes = Array(data)
        case "Q":
            bytes = try decodeQ(String(parts[2]), word: word)
        default:
            throw Violation("unknown encoding in \(word)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Violation("encoded-word \(word) splits a character")
        }
        return text
    }

    static func decodeQ(_ text: String, word: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "_") { out.append(32) } else if byte == UInt8(ascii: "=") {
                guard bytes.count >= 2, let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) else {
                    throw Violation("bad Q escape in \(word)")
                }
                out.append(value)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(byte)
            }
        }
        return out
    }

    /// RFC 2045 §6.7, strictly: hard line breaks become "\n", soft ones vanish.
    static func decodeQuotedPrintable(_ lines: [[UInt8]]) throws -> String {
        var out: [UInt8] = []
        for (number, line) in lines.enumerated() {
            guard line.count <= 76 else { throw Violation("body line \(number + 1) has \(line.count) characters (over 76)") }
            guard line.last != 32 && line.last != 9 else { throw Violation("body line \(number + 1) ends in white space") }
            var index = 0, soft = false
            while index < line.count {
                let byte = line[index]
                if byte == UInt8(ascii: "=") {
                    if index == line.count - 1 {
                        soft = true
                        index += 1
                        continue
                    }
                    let hex = line.count >= index + 3 ? String(decoding: line[(index + 1)...(index + 2)], as: UTF8.self) : ""
                    guard hex.count == 2, hex == hex.uppercased(), let value = UInt8(hex, radix: 16) else {
                        throw Violation("body line \(number + 1): '=' not followed by two hex digits")
                    }
                    out.append(value)
                    index += 3
                } else {
                    guard byte == 9 || (32...126).contains(byte) else {
                        throw Violation("body line \(number + 1) holds byte \(byte), not printable ASCII")
                    }
                    out.append(byte)
                    index += 1
                }
            }
            if !soft { out.append(10) }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw Violation("the body is not UTF-8") }
        return text
    }
}
