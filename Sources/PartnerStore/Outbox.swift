import Foundation
import PartnerCore

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

/// Files and directories only the owner can read (workspace data holds partner data).
/// The same calls as the journal and snapshots (`FileSystem`, `POSIXFile`), for the
/// outbox, exports and files the command line writes.
public enum PrivateFiles {
    /// The directory 0700, its missing parents made first.
    public static func makeDirectory(_ url: URL) throws {
        let parent = url.deletingLastPathComponent()
        if !FileSystem.isDirectory(parent.path) {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        try FileSystem.makePrivateDirectory(url.path)
    }

    /// The file created (or emptied) 0600, written whole and fsynced.
    public static func write(_ data: Data, to url: URL) throws {
        let file = try POSIXFile.createTruncating(url.path)
        defer { file.close() }
        try data.withUnsafeBytes { try file.write($0) }
        try file.syncAll()
    }
}
