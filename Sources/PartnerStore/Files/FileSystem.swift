#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path-level system calls the store needs, kept in one place so the rest of
/// the target never spells a platform difference. No Foundation: its atomic
/// write does not fsync the directory, and the store must.
enum FileSystem {
    /// Makes a system call, unless the test's fault plan (`FaultPlan`) fails it: then errno
    /// is set and `failed` returned, as the call itself would.
    @inline(__always)
    static func system<Result>(_ call: FaultPlan.Call, _ path: String, failed: Result, _ body: () -> Result) -> Result {
        if let code = FaultPlan.failure(of: call, path: path) {
            errno = code
            return failed
        }
        return body()
    }

    static func openDescriptor(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        let changes = flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC) != 0
        return system(changes ? .openToWrite : .openToRead, path, failed: -1) { open(path, flags, mode) }
    }

    /// One `write`; a fault plan may make it fail or store only part of the bytes.
    static func writeDescriptor(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int, path: String) -> Int {
        switch FaultPlan.writable(count, path: path) {
        case let .success(allowed): return write(fd, pointer, allowed)
        case let .failure(failure):
            errno = failure.code
            return -1
        }
    }

    static func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }

    static func syncData(_ fd: Int32, path: String) -> Int32 {
        system(.sync, path, failed: -1) { syncDataNow(fd) }
    }

    /// fsync: the data and the inode's metadata (a new file's size before its rename).
    static func syncAll(_ fd: Int32, path: String) -> Int32 {
        system(.sync, path, failed: -1) { fsync(fd) }
    }

    private static func syncDataNow(_ fd: Int32) -> Int32 {
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
        return system(.status, path, failed: -1) { lstat(path, &info) } == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        (try? status(path)).map { ($0.st_mode & S_IFMT) == S_IFDIR } ?? false
    }

    /// stat of the path (following a symbolic link).
    static func status(_ path: String) throws -> stat {
        var info = stat()
        guard system(.status, path, failed: -1, { stat(path, &info) }) == 0 else {
            throw StoreError.io(operation: "stat", path: path, errno: errno)
        }
        return info
    }

    /// fstat of an open descriptor; `path` names it in the error.
    static func status(descriptor fd: Int32, path: String) throws -> stat {
        var info = stat()
        guard system(.status, path, failed: -1, { fstat(fd, &info) }) == 0 else {
            throw StoreError.io(operation: "stat", path: path, errno: errno)
        }
        return info
    }

    /// Permission bits (for tests and `check`).
    static func mode(_ path: String) throws -> UInt32 {
        UInt32(try status(path).st_mode) & 0o7777
    }

    static func fileSize(_ path: String) throws -> Int64 {
        Int64(try status(path).st_size)
    }

    /// Creates the directory 0700 whatever the umask; an existing one is tightened to 0700 too.
    static func makePrivateDirectory(_ path: String) throws {
        if system(.makeDirectory, path, failed: -1, { mkdir(path, 0o700) }) != 0 && errno != EEXIST {
            throw StoreError.io(operation: "mkdir", path: path, errno: errno)
        }
        guard isDirectory(path) else {
            throw StoreError.notAWorkspace(path: path, reason: "it exists and is not a directory")
        }
        guard system(.changeMode, path, failed: -1, { chmod(path, 0o700) }) == 0 else {
            throw StoreError.io(operation: "chmod", path: path, errno: errno)
        }
    }

    /// A descriptor to read the file with (the caller closes it) and the file's size.
    static func openToRead(_ path: String) throws -> (fd: Int32, size: Int) {
        let fd = openDescriptor(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        do {
            return (fd, Int(try status(descriptor: fd, path: path).st_size))
        } catch {
            _ = close(fd)
            throw error
        }
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
        let size = Int(Int64(try status(descriptor: fd, path: path).st_size) - offset)
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
            let got = system(.read, path, failed: -1) { pread(fd, base + done, size - done, off_t(offset) + off_t(done)) }
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
        let fd = openDescriptor(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        defer { _ = close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let got = chunk.withUnsafeMutableBytes { buffer in system(.read, path, failed: -1) { read(fd, buffer.baseAddress, buffer.count) } }
            if got < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(operation: "read", path: path, errno: errno)
            }
            if got == 0 { return result }
            result.append(contentsOf: chunk[0..<got])
        }
    }

    static func listDirectory(_ path: String) throws -> [String] {
        guard let directory = system(.list, path, failed: nil, { opendir(path) }) else { throw StoreError.io(operation: "list", path: path, errno: errno) }
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
        let fd = openDescriptor(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StoreError.io(operation: "open directory", path: path, errno: errno) }
        defer { _ = close(fd) }
        guard syncAll(fd, path: path) == 0 else { throw StoreError.io(operation: "fsync directory", path: path, errno: errno) }
    }

    /// Writes a file so that a crash leaves either none or all of it: a temporary file
    /// (0600) written and fsynced, renamed into place, and the directory fsynced. The
    /// temporary file is removed on failure. With `pieceBytes`, the pages are handed to the
    /// device piece by piece as they are written (`PacedFileWriter`), for files large enough
    /// to stall other files' syncs.
    static func writeAtomically(_ parts: [[UInt8]], to final: String, in directory: String, pieceBytes: Int? = nil) throws {
        try writeAtomically(to: final, in: directory) { file in
            if let pieceBytes {
                var paced = PacedFileWriter(file: file, pieceBytes: pieceBytes)
                for part in parts { try part.withUnsafeBytes { try paced.write($0) } }
            } else {
                for part in parts { try part.withUnsafeBytes { try file.write($0) } }
            }
        }
    }

    /// `writeAtomically` of a snapshot's pieces, paced: bytes copied from an older file
    /// (`SnapshotPiece.copied`) are copied by the kernel where it can.
    static func writeAtomically(pieces: [SnapshotPiece], to final: String, in directory: String, pieceBytes: Int) throws {
        try writeAtomically(to: final, in: directory) { file in
            var paced = PacedFileWriter(file: file, pieceBytes: pieceBytes)
            for piece in pieces {
                switch piece {
                case .bytes(let bytes): try bytes.withUnsafeBytes { try paced.write($0) }
                case .copied(let copied):
                    try paced.copy(from: copied.source.fd, path: copied.source.path, offset: Int64(copied.range.lowerBound),
                                   count: copied.range.count)
                }
            }
        }
    }

    /// A temporary file filled by `contents`, fsynced, renamed to `final`, then the directory fsynced.
    private static func writeAtomically(to final: String, in directory: String, _ contents: (POSIXFile) throws -> Void) throws {
        // Named by pid: another process may be writing the same file's temporary at this moment.
        let temporary = final + ".\(getpid())" + WorkspaceFileName.temporarySuffix
        let file = try POSIXFile.createTruncating(temporary)
        do {
            try contents(file)
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
        guard system(.rename, from, failed: -1, { systemRename(from, to) }) == 0 else { throw StoreError.io(operation: "rename to \(to)", path: from, errno: errno) }
    }

    static func remove(_ path: String) throws {
        guard system(.remove, path, failed: -1, { unlink(path) }) == 0 else { throw StoreError.io(operation: "delete", path: path, errno: errno) }
    }

    /// Deletes a file that may already be gone (another process pruned it).
    static func removeIfPresent(_ path: String) throws {
        guard system(.remove, path, failed: -1, { unlink(path) }) == 0 || errno == ENOENT else { throw StoreError.io(operation: "delete", path: path, errno: errno) }
    }

    static func truncateFile(_ path: String, to size: Int64) throws {
        let fd = openDescriptor(path, O_WRONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        defer { _ = close(fd) }
        guard system(.truncate, path, failed: -1, { ftruncate(fd, off_t(size)) }) == 0 else { throw StoreError.io(operation: "truncate", path: path, errno: errno) }
        guard syncData(fd, path: path) == 0 else { throw StoreError.io(operation: "fdatasync", path: path, errno: errno) }
    }
}

private func systemRename(_ from: String, _ to: String) -> Int32 {
    rename(from, to)
}
