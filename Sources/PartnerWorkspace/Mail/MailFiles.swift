#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerStore

/// The file operations the outbox makes, behind one seam so that a test (or
/// `PARTNERDASH_OUTBOX_FAULT`) can make any of them fail the way a full or failing disk
/// does. The store's own files go through `PartnerStore`'s; these are the outbox's.
public protocol MailFiles: Sendable {
    func makeDirectory(_ path: String) throws
    /// Creates (or empties) the file 0600, writes it whole and fsyncs it.
    func writeSynced(_ bytes: [UInt8], to path: String) throws
    func rename(_ from: String, to: String) throws
    /// Makes renames and unlinks in the directory durable.
    func syncDirectory(_ path: String) throws
    func remove(_ path: String) throws
}

/// The real files.
public struct SystemMailFiles: MailFiles {
    public init() {}

    public func makeDirectory(_ path: String) throws {
        try PrivateFiles.makeDirectory(URL(fileURLWithPath: path, isDirectory: true))
    }

    public func writeSynced(_ bytes: [UInt8], to path: String) throws {
        try PrivateFiles.write(Data(bytes), to: URL(fileURLWithPath: path))
    }

    public func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw StoreError.io(operation: "rename to \(to)", path: from, errno: errno) }
    }

    public func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(operation: "open directory", path: path, errno: errno) }
        defer { _ = close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.io(operation: "fsync directory", path: path, errno: errno) }
    }

    public func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw StoreError.io(operation: "delete", path: path, errno: errno) }
    }
}

/// The real files, except that one step of delivering mail fails with `errno` as a full
/// or failing disk would: staging (writing the message before the change is journaled,
/// after which nothing is saved) or publishing (moving it into the outbox after the
/// change is saved). Writing fails after half the bytes, so a torn file is left where
/// a real short write would leave one.
public struct FaultyMailFiles: MailFiles {
    public enum Step: String, Sendable { case stage, publish }
    public let step: Step
    public let errno: Int32
    private let files = SystemMailFiles()

    public init(failing step: Step, errno: Int32) {
        self.step = step
        self.errno = errno
    }

    /// `stage:ENOSPC`, `publish:EIO` (`PARTNERDASH_OUTBOX_FAULT`); nil for anything else.
    public init?(describing text: String) {
        let parts = text.split(separator: ":").map(String.init)
        let codes = ["ENOSPC": ENOSPC, "EIO": EIO, "EDQUOT": EDQUOT]
        guard parts.count == 2, let step = Step(rawValue: parts[0]), let code = codes[parts[1]] else { return nil }
        self.init(failing: step, errno: code)
    }

    public func makeDirectory(_ path: String) throws { try files.makeDirectory(path) }

    public func writeSynced(_ bytes: [UInt8], to path: String) throws {
        guard step == .stage else { return try files.writeSynced(bytes, to: path) }
        try files.writeSynced(Array(bytes.prefix(bytes.count / 2)), to: path)
        throw StoreError.io(operation: "write", path: path, errno: errno)
    }

    public func rename(_ from: String, to: String) throws {
        guard step == .publish else { return try files.rename(from, to: to) }
        throw StoreError.io(operation: "rename to \(to)", path: from, errno: errno)
    }

    public func syncDirectory(_ path: String) throws { try files.syncDirectory(path) }
    public func remove(_ path: String) throws { try files.remove(path) }
}
