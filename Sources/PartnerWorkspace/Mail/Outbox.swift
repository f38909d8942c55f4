import Foundation
import PartnerCore
import PartnerStore

/// The workspace's `outbox/`: every email the program sends is written there as an
/// RFC 5322 `.eml` file (0600), whether or not a mail program also opened it.
public struct Outbox: Sendable {
    public let directory: URL

    public init(workspace: URL) {
        directory = workspace.appendingPathComponent("outbox", isDirectory: true)
    }

    /// Writes the message and returns its file. Names sort by time.
    @discardableResult
    public func deliver(_ mail: OutgoingMail, at date: Date, id: String) throws -> URL {
        try PrivateFiles.makeDirectory(directory)
        let stamp = Self.stamp(date)
        let url = directory.appendingPathComponent("\(stamp)-\(id).eml")
        try PrivateFiles.write(Data(mail.rfc5322(date: date, messageId: id).utf8), to: url)
        return url
    }

    /// The messages in the outbox, oldest first.
    public func messages() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss"
        return f.string(from: date)
    }
}
