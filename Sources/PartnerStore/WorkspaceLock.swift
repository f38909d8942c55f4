#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The single-writer guarantee: an exclusive `flock` on `LOCK` in the
/// workspace. flock (not fcntl locks) because it belongs to the open file
/// description, so it is released by the kernel when the process dies and a
/// second open in the same process is refused too. The holder's pid is
/// written into the file only so the refusal can name it.
public final class WorkspaceLock {
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    public static func acquire(directory: String) throws -> WorkspaceLock {
        let path = FileSystem.join(directory, WorkspaceFileName.lock)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        let lock = WorkspaceLock(path: path, descriptor: fd)
        guard fchmod(fd, 0o600) == 0 else { throw StoreError.io(operation: "chmod", path: path, errno: errno) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK {
                let holder = holderDescription(fd)
                throw StoreError.locked("\(directory) is open in another partnerdash process (\(holder)); close it there first")
            }
            throw StoreError.io(operation: "lock", path: path, errno: code)
        }
        let pid = Array("\(getpid())\n".utf8)
        guard ftruncate(fd, 0) == 0, pid.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) == pid.count else {
            throw StoreError.io(operation: "write", path: path, errno: errno)
        }
        return lock
    }

    /// Unlocks by closing; also done when the object goes away.
    public func release() {
        if descriptor >= 0 {
            _ = close(descriptor)
            descriptor = -1
        }
    }

    private static func holderDescription(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "pid unknown" }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingSuffixWhitespace()
        guard let pid = Int32(text) else { return "pid unknown" }
        return "pid \(pid)"
    }
}

private extension String {
    func trimmingSuffixWhitespace() -> String {
        var result = Substring(self)
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return String(result)
    }
}
