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

    /// The message as an RFC 5322 document that any mail program reads as written: every
    /// line ends in CRLF and is at most 78 octets wherever a header can be folded (never
    /// over 998); the subject is plain ASCII or RFC 2047 encoded-words; the body is
    /// quoted-printable UTF-8, so an invitation link of any length decodes back whole.
    /// `messageId` is the part before `@partnerdash.local`.
    public func rfc5322(date: Date, messageId: String) -> String {
        let headers = [
            MailHeader.address("From", from),
            MailHeader.address("To", to),
            MailHeader.text("Subject", subject),
            MailHeader.address("Date", Self.dateFormatter.string(from: date)),
            MailHeader.address("Message-ID", "<\(messageId)@partnerdash.local>"),
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + QuotedPrintable.encode(body)
    }

    private static var dateFormatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter
    }

    /// A `mailto:` URL for handing the draft to the system's mail program.
    public var mailtoURL: String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return "mailto:\(enc(to))?subject=\(enc(subject))&body=\(enc(body))"
    }
}
