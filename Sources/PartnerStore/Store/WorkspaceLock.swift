#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The locks that let any number of processes share a workspace, all taken on the
/// workspace *directory's* descriptor, so that deleting a file cannot bypass them (a
/// directory cannot be replaced while it is open here without replacing the whole
/// workspace, and the open mark notices that too):
///
/// - the open mark: a shared OFD byte-range lock (F_OFD_SETLK, F_RDLCK, byte 0) held
///   for as long as the store is open. It never blocks anyone's reads or writes; it is
///   how `init`, `demo --force` and `gen` see that a workspace is open (an exclusive
///   test with F_OFD_GETLK) and refuse to replace it.
/// - the write lock: an exclusive `flock` on the same descriptor, held only around
///   catching up with others' appends, deciding and appending (and starting a segment).
///
/// Both belong to the open file description: the kernel drops them when the holder
/// dies, and two opens in one process exclude each other like two processes do.
/// flock and OFD locks are independent on Linux, so the mark never blocks the writer.
public final class WorkspaceLock {
    public let directory: String
    private var descriptor: Int32
    private var isWriting = false

    private init(directory: String, descriptor: Int32) {
        self.directory = directory
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Opens the directory and marks it open, without waiting for anyone (a writer's
    /// append included). A `demo --force` may replace the directory at this moment: the
    /// caller checks `isStillAt` after reading and opens again if it was.
    public static func markOpen(directory: String) throws -> WorkspaceLock {
        let lock = try handle(directory: directory)
        try lock.setOpenMark()
        return lock
    }

    /// The directory's descriptor without any lock yet.
    static func handle(directory: String) throws -> WorkspaceLock {
        let fd = FileSystem.openDescriptor(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StoreError.io(operation: "open directory", path: directory, errno: errno) }
        return WorkspaceLock(directory: directory, descriptor: fd)
    }

    /// Takes the write lock, waiting for another writer to finish its append.
    public func lockForWriting() throws {
        guard descriptor >= 0 else { throw StoreError.readOnly(reason: "the workspace was closed") }
        precondition(!isWriting, "the write lock is not reentrant")
        try flockBlocking(LOCK_EX)
        isWriting = true
    }

    public func unlockWriting() {
        guard isWriting else { return }
        unflock()
        isWriting = false
    }

    /// Runs `body` holding the write lock.
    public func whileWriting<T>(_ body: () throws -> T) throws -> T {
        try lockForWriting()
        defer { unlockWriting() }
        return try body()
    }

    public var holdsWriteLock: Bool { isWriting }

    /// Whether another open file description marks this directory open.
    public func isOpenElsewhere() throws -> Bool {
        var query = Self.markRange(F_WRLCK)
        guard fcntl(descriptor, Self.getLock, &query) == 0 else {
            throw StoreError.io(operation: "test the open mark of", path: directory, errno: errno)
        }
        return query.l_type != Int16(F_UNLCK)
    }

    /// The replacement guard for `init`, `demo --force` and `gen`: takes the write lock
    /// (so no append or open is half-way) and refuses when any process has the workspace
    /// open. The caller replaces the directory while holding it, then releases it.
    public static func lockForReplacing(directory: String) throws -> WorkspaceLock {
        let lock = try handle(directory: directory)
        try lock.lockForWriting()
        if try lock.isOpenElsewhere() {
            lock.release()
            throw openElsewhere(directory)
        }
        return lock
    }

    /// The refusal `lockForReplacing` throws.
    public static func openElsewhere(_ directory: String) -> StoreError {
        .locked("\(directory) is open in another partnerdash process (a dashboard or a command); close it there first")
    }

    /// Unlocks, then closes; also done when the object goes away. Unlocking first
    /// matters: a child being spawned at this moment may still share the descriptor
    /// until its exec, and closing alone would leave the locks held.
    public func release() {
        if descriptor >= 0 {
            _ = flock(descriptor, LOCK_UN)
            var unlock = flock()
            unlock.l_type = Int16(F_UNLCK)
            unlock.l_whence = Int16(SEEK_SET)
            unlock.l_start = 0
            unlock.l_len = 1
            _ = fcntl(descriptor, Self.setLock, &unlock)
            _ = close(descriptor)
            descriptor = -1
            isWriting = false
        }
    }

    public var isReleased: Bool { descriptor < 0 }

    // MARK: Private

    #if os(Linux)
    // F_OFD_GETLK, F_OFD_SETLK (<fcntl.h> with _GNU_SOURCE; not imported into Swift).
    static let getLock: Int32 = 36
    static let setLock: Int32 = 37
    #else
    static let getLock: Int32 = F_GETLK
    static let setLock: Int32 = F_SETLK
    #endif

    /// Byte 0 of the directory, where open marks live (or `byte`), as a lock of `type`.
    static func markRange(_ type: Int32, byte: Int = 0) -> flock {
        var range = flock()
        range.l_type = Int16(type)
        range.l_whence = Int16(SEEK_SET)
        range.l_start = off_t(byte)
        range.l_len = 1
        range.l_pid = 0
        return range
    }

    private func setOpenMark() throws {
        var mark = Self.markRange(F_RDLCK)
        while fcntl(descriptor, Self.setLock, &mark) != 0 {
            if errno == EINTR { continue }
            throw StoreError.io(operation: "mark open", path: directory, errno: errno)
        }
    }

    private func flockBlocking(_ operation: Int32) throws {
        while flock(descriptor, operation) != 0 {
            if errno == EINTR { continue }
            throw StoreError.io(operation: "lock", path: directory, errno: errno)
        }
    }

    private func unflock() {
        _ = flock(descriptor, LOCK_UN)
    }

    /// Whether `path` still names the directory this lock is on (not replaced since).
    func isStillAt(_ path: String) -> Bool {
        var mine = stat()
        var there = stat()
        guard fstat(descriptor, &mine) == 0, stat(path, &there) == 0 else { return false }
        return mine.st_ino == there.st_ino && mine.st_dev == there.st_dev
    }
}

/// One snapshot writer at a time: an exclusive `flock` on `snapshot.lock`, tried without
/// waiting (a process that finds it taken skips its checkpoint; another is writing one).
/// Deleting the file could let a second writer in, which is harmless by construction:
/// snapshot temporary files are named by pid, a complete snapshot is never overwritten,
/// and pruning tolerates files already gone.
/// `@unchecked Sendable`: it travels in a `CheckpointPlan` to the snapshot thread, which
/// never touches it; only the owning store releases it.
final class SnapshotLock: @unchecked Sendable {
    private var descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { release() }

    /// `toRemoveTemporaries`: only to tidy up after an open, which a file system that
    /// refuses writing (read-only media) must not stop; none is taken there.
    static func tryAcquire(directory: String, toRemoveTemporaries: Bool = false) throws -> SnapshotLock? {
        let path = FileSystem.join(directory, WorkspaceFileName.snapshotLock)
        let fd = FileSystem.openDescriptor(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 && toRemoveTemporaries && SystemError.refusesWriting(errno) { return nil }
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        let lock = SnapshotLock(descriptor: fd)
        guard FileSystem.system(.changeMode, path, failed: -1, { fchmod(fd, 0o600) }) == 0 else { throw StoreError.io(operation: "chmod", path: path, errno: errno) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return nil }
            throw StoreError.io(operation: "lock", path: path, errno: errno)
        }
        return lock
    }

    func release() {
        if descriptor >= 0 {
            _ = flock(descriptor, LOCK_UN)
            _ = close(descriptor)
            descriptor = -1
        }
    }
}
