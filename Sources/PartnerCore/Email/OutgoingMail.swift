import Foundation

/// A message the program sends. Delivery (the outbox `.eml` file, `mailto:`) is the
/// store's and the shell's business; this type only knows RFC 5322.
public struct OutgoingMail: Equatable, Sendable {
    public var to: String
    public var from: String
    public var subject: String
    public var body: String

    public init(to: String, from: String = "partnerdash@localhost", subject: String, body: String) {
        self.to = to
        self.from = from
        self.subject = subject
        self.body = body
    }

    /// The message as an RFC 5322 document (CRLF line ends, UTF-8 body, encoded-word subject).
    public func rfc5322(date: Date, messageId: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "From: \(Self.headerSafe(from))",
            "To: \(Self.headerSafe(to))",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageId)@partnerdash.local>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        let bodyLines = body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return (headers + [""] + bodyLines.map(String.init)).joined(separator: "\r\n") + "\r\n"
    }

    /// A `mailto:` URL for handing the draft to the system's mail program.
    public var mailtoURL: String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return "mailto:\(enc(to))?subject=\(enc(subject))&body=\(enc(body))"
    }

    static func headerSafe(_ s: String) -> String {
        String(s.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.map(Character.init))
    }

    /// RFC 2047: an encoded-word is at most 75 characters, so a longer subject becomes several,
    /// each holding whole characters, folded onto continuation lines (CRLF SP).
    static func encodedWord(_ s: String) -> String {
        let clean = headerSafe(s)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) { return clean }
        var words: [String] = [], chunk = ""
        func flush() {
            if !chunk.isEmpty { words.append("=?utf-8?B?\(Data(chunk.utf8).base64EncodedString())?=") }
            chunk = ""
        }
        for ch in clean {
            // 42 bytes of UTF-8 are 56 base64 characters: 68 with the =?utf-8?B? ?= frame, so even
            // the first line, after "Subject: ", stays within 78 characters.
            if chunk.utf8.count + String(ch).utf8.count > 42 { flush() }
            chunk.append(ch)
        }
        flush()
        return words.joined(separator: "\r\n ")
    }
}
