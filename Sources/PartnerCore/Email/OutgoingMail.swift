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

    static func encodedWord(_ s: String) -> String {
        let clean = headerSafe(s)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) { return clean }
        return "=?utf-8?B?\(Data(clean.utf8).base64EncodedString())?="
    }
}
