#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A workspace being built beside the one it will become (`demo`, `gen`, `copy`), named
/// `.<name>.new-<pid>` in the same parent, then renamed into place. A process killed while
/// building leaves it behind (tens of MB): the next process that creates or opens a
/// workspace there removes the ones whose creator is gone (`removeAbandoned`).
///
/// "Gone" is decided twice, so that a directory still being written is never deleted: the
/// creator marks its staging directory with a shared OFD lock on byte 1 of the directory's
/// descriptor for as long as it builds (the kernel drops it when the creator dies, SIGKILL
/// included; byte 0 is the open mark, see `WorkspaceLock`), and the pid in the name must
/// be no running process. Between `mkdir` and the mark the pid is alive; a pid reused by
/// another program only keeps a leftover until that program ends.
public final class StagingDirectory {
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// The staging directory for `directory`, made 0700 and marked as being built (an
    /// older one of this pid, left by a process that had this pid before, is removed first).
    public static func begin(for directory: String) throws -> StagingDirectory {
        let path = name(for: directory, kind: .new, pid: getpid())
        try? FileManager.default.removeItem(atPath: path)
        try FileSystem.makePrivateDirectory(path)
        let fd = FileSystem.openDescriptor(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StoreError.io(operation: "open directory", path: path, errno: errno) }
        let staging = StagingDirectory(path: path, descriptor: fd)
        var mark = buildingMark(F_RDLCK)
        while fcntl(fd, WorkspaceLock.setLock, &mark) != 0 {
            if errno == EINTR { continue }
            throw StoreError.io(operation: "mark as being built", path: path, errno: errno)
        }
        return staging
    }

    /// Where a replaced workspace is moved aside by `pid` before it is deleted.
    public static func aside(for directory: String, pid: pid_t = getpid()) -> String {
        name(for: directory, kind: .old, pid: pid)
    }

    /// Lets go of the mark (after the rename into place, or after removing it on failure).
    public func release() {
        if descriptor >= 0 {
            _ = close(descriptor)
            descriptor = -1
        }
    }

    /// Removes the staging directories for `directory` whose creator is gone, and the
    /// workspaces such a creator had moved aside when one is in place again (while none is,
    /// the one aside is the only copy and is left for the user). Best effort: a parent that
    /// cannot be listed or written (read-only media) removes nothing and is no error.
    /// Returns the paths removed.
    @discardableResult
    public static func removeAbandoned(for directory: String) -> [String] {
        let parent = parentPath(of: directory)
        guard let names = try? FileSystem.listDirectory(parent) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let (kind, pid) = parse(name, for: directory), !isRunning(pid) else { continue }
            let path = FileSystem.join(parent, name)
            switch kind {
            case .new: guard !isMarked(path) else { continue }
            case .old: guard WorkspaceStore.exists(directory: directory), !isWriteLocked(path) else { continue }
            }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        return removed
    }

    // MARK: Private

    private enum Kind: String { case new, old }

    private static func name(for directory: String, kind: Kind, pid: pid_t) -> String {
        FileSystem.join(parentPath(of: directory), ".\(lastComponent(of: directory)).\(kind.rawValue)-\(pid)")
    }

    private static func parse(_ name: String, for directory: String) -> (Kind, pid_t)? {
        let prefix = ".\(lastComponent(of: directory))."
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard let dash = rest.firstIndex(of: "-"), let kind = Kind(rawValue: String(rest[..<dash])),
              let pid = pid_t(rest[rest.index(after: dash)...]), pid > 0 else { return nil }
        return (kind, pid)
    }

    private static func trimmed(_ directory: String) -> String {
        var path = directory
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    private static func parentPath(of directory: String) -> String {
        let path = trimmed(directory)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func lastComponent(of directory: String) -> String {
        let path = trimmed(directory)
        return path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// kill(pid, 0): EPERM means it runs under another user, which counts as running.
    private static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    /// Whether a creator still holds the building mark (unknown counts as marked).
    private static func isMarked(_ path: String) -> Bool {
        let fd = FileSystem.openDescriptor(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard fd >= 0 else { return true }
        defer { _ = close(fd) }
        var query = buildingMark(F_WRLCK)
        guard fcntl(fd, WorkspaceLock.getLock, &query) == 0 else { return true }
        return query.l_type != Int16(F_UNLCK)
    }

    /// A directory moved aside is under its replacer's write lock until it is deleted.
    private static func isWriteLocked(_ path: String) -> Bool {
        let fd = FileSystem.openDescriptor(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard fd >= 0 else { return true }
        defer { _ = close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return true }
        _ = flock(fd, LOCK_UN)
        return false
    }

    /// Byte 1: byte 0 is the open mark of the workspace being built inside.
    private static func buildingMark(_ type: Int32) -> flock {
        WorkspaceLock.markRange(type, byte: 1)
    }
}
