#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The single-writer guarantee: an exclusive `flock` on `LOCK` in the
/// workspace. flock (not fcntl locks) because it belongs to the open file
/// description: the kernel drops it when the holder dies, and a second open in
/// the same process is refused like another process would be.
///
/// Nothing is written into LOCK: an open that is then refused must leave every
/// file as it was. The holder's pid for the message comes from /proc/locks.
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
                switch holder(of: fd) {
                case getpid():
                    throw StoreError.locked("\(directory) is already open in this process")
                case let pid?:
                    throw StoreError.locked("\(directory) is open in another partnerdash process (pid \(pid)); close it there first")
                case nil:
                    throw StoreError.locked("\(directory) is open in another partnerdash process; close it there first")
                }
            }
            throw StoreError.io(operation: "lock", path: path, errno: code)
        }
        return lock
    }

    /// Unlocks, then closes; also done when the object goes away. Unlocking
    /// first matters: a child being spawned at this moment may still share the
    /// descriptor until its exec, and closing alone would leave the lock held.
    public func release() {
        if descriptor >= 0 {
            _ = flock(descriptor, LOCK_UN)
            _ = close(descriptor)
            descriptor = -1
        }
    }

    /// The pid holding a flock on the file behind `fd`, from /proc/locks
    /// ("1: FLOCK  ADVISORY  WRITE 4711 08:01:1234 0 EOF"); nil where there is no such file.
    static func holder(of fd: Int32) -> pid_t? {
        var info = stat()
        guard fstat(fd, &info) == 0, let table = try? FileSystem.readUntilEnd("/proc/locks") else { return nil }
        let inode = String(info.st_ino)
        for line in String(decoding: table, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", fields[2] != "->" else { continue }
            let device = fields[5].split(separator: ":")
            guard device.count == 3, device[2] == inode, sameDevice(device[0], device[1], info.st_dev) else { continue }
            return pid_t(fields[4])
        }
        return nil
    }

    /// /proc/locks prints the device as hexadecimal major:minor.
    private static func sameDevice(_ major: Substring, _ minor: Substring, _ device: dev_t) -> Bool {
        let value = UInt64(device)
        let deviceMajor = ((value >> 8) & 0xFFF) | ((value >> 32) & ~UInt64(0xFFF))
        let deviceMinor = (value & 0xFF) | ((value >> 12) & ~UInt64(0xFF))
        return UInt64(major, radix: 16) == deviceMajor && UInt64(minor, radix: 16) == deviceMinor
    }
}
