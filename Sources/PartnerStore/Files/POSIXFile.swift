#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CWriteback

/// An open file descriptor, closed when the object goes away.
final class POSIXFile: AppendableFile {
    let path: String
    private(set) var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close() }

    /// Opens an existing file for appending. O_APPEND so that no stale offset
    /// can ever place a record anywhere but at the end.
    static func openForAppend(_ path: String) throws -> POSIXFile {
        let fd = FileSystem.openDescriptor(path, O_WRONLY | O_APPEND | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: SystemError.current) }
        return POSIXFile(path: path, descriptor: fd)
    }

    /// Creates (or empties) a file readable and writable by the owner only,
    /// whatever the umask: fchmod after open because the mode given to open is
    /// filtered by the umask and could come out narrower than 0600.
    static func createTruncating(_ path: String) throws -> POSIXFile {
        let fd = FileSystem.openDescriptor(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.io(operation: "create", path: path, errno: SystemError.current) }
        let file = POSIXFile(path: path, descriptor: fd)
        guard FileSystem.system(.changeMode, path, failed: -1, { fchmod(fd, 0o600) }) == 0 else { throw StoreError.io(operation: "chmod", path: path, errno: SystemError.current) }
        return file
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var pointer = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = FileSystem.writeDescriptor(descriptor, pointer, left, path: path)
            if written < 0 {
                let code = SystemError.current
                if code == EINTR { continue }
                throw StoreError.io(operation: "write", path: path, errno: code)
            }
            if written == 0 {
                throw StoreError.io(operation: "write", path: path, errno: EIO)
            }
            pointer += written
            left -= written
        }
    }

    func syncData() throws {
        guard FileSystem.syncData(descriptor, path: path) == 0 else {
            throw StoreError.io(operation: "fdatasync", path: path, errno: SystemError.current)
        }
    }

    /// fsync rather than fdatasync: a new snapshot's inode metadata must be durable before its rename.
    func syncAll() throws {
        guard FileSystem.syncAll(descriptor, path: path) == 0 else {
            throw StoreError.io(operation: "fsync", path: path, errno: SystemError.current)
        }
    }

    /// Hands the dirty pages of the range to the device without waiting (sync_file_range).
    func startWriteback(offset: Int64, length: Int64) throws {
        guard FileSystem.system(.writeback, path, failed: -1, { pd_start_writeback(descriptor, offset, length) }) == 0 else {
            throw StoreError.io(operation: "sync_file_range", path: path, errno: SystemError.current)
        }
    }

    /// Waits until the range's pages are on the device (not durable: no metadata, no cache flush).
    func waitForWriteback(offset: Int64, length: Int64) throws {
        guard FileSystem.system(.writeback, path, failed: -1, { pd_wait_for_writeback(descriptor, offset, length) }) == 0 else {
            throw StoreError.io(operation: "sync_file_range", path: path, errno: SystemError.current)
        }
    }

    /// Appends `count` bytes of `source` from `offset` inside the kernel (copy_file_range),
    /// never through this process's memory; where the kernel cannot (another file system,
    /// an old kernel, not Linux) through a buffer of its own. A source shorter than
    /// `count` is an error: the copy was to be whole.
    func copy(from source: Int32, path sourcePath: String, offset: Int64, count: Int) throws {
        var done = 0
        while done < count {
            let copied = FileSystem.system(.write, path, failed: -1) {
                Int(pd_copy_file_range(source, offset + Int64(done), descriptor, UInt64(count - done)))
            }
            if copied < 0 {
                let code = SystemError.current
                if code == EINTR { continue }
                guard [ENOSYS, EXDEV, EINVAL, EOPNOTSUPP, EBADF].contains(code) else {
                    throw StoreError.io(operation: "copy_file_range", path: path, errno: code)
                }
                return try copyThroughMemory(from: source, path: sourcePath, offset: offset + Int64(done), count: count - done)
            }
            guard copied > 0 else {
                throw StoreError.io(operation: "copy from \(sourcePath) (it ends early)", path: path, errno: EIO)
            }
            done += copied
        }
    }

    func truncate(to size: Int64) throws {
        guard FileSystem.system(.truncate, path, failed: -1, { ftruncate(descriptor, off_t(size)) }) == 0 else {
            throw StoreError.io(operation: "truncate", path: path, errno: SystemError.current)
        }
    }

    func size() throws -> Int64 {
        Int64(try FileSystem.status(descriptor: descriptor, path: path).st_size)
    }

    func close() {
        if descriptor >= 0 {
            FileSystem.closeDescriptor(descriptor)
            descriptor = -1
        }
    }
}
