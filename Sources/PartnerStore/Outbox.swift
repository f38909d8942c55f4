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
public enum PrivateFiles {
    public static func makeDirectory(_ url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
    }

    public static func write(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return fsync(fd) == 0
        }
        guard ok else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
    }
}
