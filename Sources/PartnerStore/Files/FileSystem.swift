#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path-level system calls the store needs, kept in one place so the rest of
/// the target never spells a platform difference. No Foundation: its atomic
/// write does not fsync the directory, and the store must.
enum FileSystem {
    static func openDescriptor(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        open(path, flags, mode)
    }

    static func writeDescriptor(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        write(fd, pointer, count)
    }

    static func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }

    static func syncData(_ fd: Int32) -> Int32 {
        #if os(Linux)
        return fdatasync(fd)
        #else
        return fcntl(fd, F_FULLFSYNC) == 0 ? 0 : fsync(fd)
        #endif
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Permission bits (for tests and `check`).
    static func mode(_ path: String) throws -> UInt32 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw StoreError.io(operation: "stat", path: path, errno: errno) }
        return UInt32(info.st_mode) & 0o7777
    }

    static func fileSize(_ path: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw StoreError.io(operation: "stat", path: path, errno: errno) }
        return Int64(info.st_size)
    }

    /// Creates the directory 0700 whatever the umask; an existing one is tightened to 0700 too.
    static func makePrivateDirectory(_ path: String) throws {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw StoreError.io(operation: "mkdir", path: path, errno: errno)
        }
        guard isDirectory(path) else {
            throw StoreError.notAWorkspace(path: path, reason: "it exists and is not a directory")
        }
        guard chmod(path, 0o700) == 0 else { throw StoreError.io(operation: "chmod", path: path, errno: errno) }
    }

    /// A descriptor to read the file with (the caller closes it) and the file's size.
    static func openToRead(_ path: String) throws -> (fd: Int32, size: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = errno
            _ = close(fd)
            throw StoreError.io(operation: "stat", path: path, errno: failure)
        }
        return (fd, Int(info.st_size))
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        let (fd, size) = try openToRead(path)
        defer { _ = close(fd) }
        // A file that grew while reading is read again from the start by the next open; what is here is complete up to its size.
        return try preadAll(fd, count: size, from: 0, path: path)
    }

    /// The bytes of an open file from `offset` to its current end (pread: the descriptor's
    /// offset is untouched, and a file deleted meanwhile is still read through it).
    static func readRest(descriptor fd: Int32, path: String, from offset: Int64) throws -> [UInt8] {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw StoreError.io(operation: "stat", path: path, errno: errno) }
        let size = Int(Int64(info.st_size) - offset)
        guard size > 0 else { return [] }
        return try preadAll(fd, count: size, from: offset, path: path)
    }

    /// Up to `count` bytes from `offset` with pread (retrying EINTR); fewer when the file
    /// ends first.
    private static func preadAll(_ fd: Int32, count size: Int, from offset: Int64, path: String) throws -> [UInt8] {
        var failure: (any Error)?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            guard let base = buffer.baseAddress else { initialized = 0; return }
            do {
                initialized = try preadAll(fd, into: UnsafeMutableRawPointer(base), count: size, from: offset, path: path)
            } catch {
                initialized = 0
                failure = error
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// The same into memory the caller owns; returns how many bytes were read (fewer when
    /// the file ends first, for example because it was truncated meanwhile).
    static func preadAll(_ fd: Int32, into base: UnsafeMutableRawPointer, count size: Int, from offset: Int64,
                         path: String) throws -> Int {
        var done = 0
        while done < size {
            let got = pread(fd, base + done, size - done, off_t(offset) + off_t(done))
            if got < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(operation: "read", path: path, errno: errno)
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// Reads until end of file, for files whose size stat does not know (/proc).
    static func readUntilEnd(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        defer { _ = close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(operation: "read", path: path, errno: errno)
            }
            if got == 0 { return result }
            result.append(contentsOf: chunk[0..<got])
        }
    }

    static func listDirectory(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else { throw StoreError.io(operation: "list", path: path, errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Makes renames and unlinks in the directory durable; without it a crash
    /// can bring back a deleted file or lose a renamed one.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(operation: "open directory", path: path, errno: errno) }
        defer { _ = close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.io(operation: "fsync directory", path: path, errno: errno) }
    }

    /// Writes a file so that a crash leaves either none or all of it: a temporary file
    /// (0600) written and fsynced, renamed into place, and the directory fsynced. The
    /// temporary file is removed on failure.
    static func writeAtomically(_ parts: [[UInt8]], to final: String, in directory: String) throws {
        // Named by pid: another process may be writing the same file's temporary at this moment.
        let temporary = final + ".\(getpid())" + WorkspaceFileName.temporarySuffix
        let file = try POSIXFile.createTruncating(temporary)
        do {
            for part in parts { try part.withUnsafeBytes { try file.write($0) } }
            try file.syncAll()
            file.close()
            try rename(temporary, to: final)
        } catch {
            file.close()
            try? remove(temporary)
            throw error
        }
        try syncDirectory(directory)
    }

    static func rename(_ from: String, to: String) throws {
        guard systemRename(from, to) == 0 else { throw StoreError.io(operation: "rename to \(to)", path: from, errno: errno) }
    }

    static func remove(_ path: String) throws {
        guard unlink(path) == 0 else { throw StoreError.io(operation: "delete", path: path, errno: errno) }
    }

    /// Deletes a file that may already be gone (another process pruned it).
    static func removeIfPresent(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw StoreError.io(operation: "delete", path: path, errno: errno) }
    }

    static func truncateFile(_ path: String, to size: Int64) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        defer { _ = close(fd) }
        guard ftruncate(fd, off_t(size)) == 0 else { throw StoreError.io(operation: "truncate", path: path, errno: errno) }
        guard syncData(fd) == 0 else { throw StoreError.io(operation: "fdatasync", path: path, errno: errno) }
    }
}

private func systemRename(_ from: String, _ to: String) -> Int32 {
    rename(from, to)
}
