import Foundation  // fstat and timespec: Foundation brings the C library in on every platform

/// What tells one file from another, and a file from itself after a write: device and
/// inode (a file renamed over the path is another inode), size, and the change and
/// modification times (any write, truncation or `utimensat` moves the change time, which no
/// one but the kernel sets).
struct SnapshotFileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let changed: timespec
    let modified: timespec

    init?(descriptor fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        changed = info.st_ctimespec
        modified = info.st_mtimespec
        #else
        changed = info.st_ctim
        modified = info.st_mtim
        #endif
    }

    static func == (a: Self, b: Self) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size
            && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
            && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
    }
}

/// The snapshot files this process has open with blocks it vouches for (`SnapshotSectionReads`:
/// the ones it opened and checked, the ones it wrote), found by device and inode, so pruning
/// need not read again what this process already checked (`SnapshotFile.soundness`). Held
/// weakly: a file nothing reads from any more is forgotten, and is checked whole again.
enum CheckedSnapshots {
    private final class Weak: @unchecked Sendable {
        weak var reads: SnapshotSectionReads?
        init(_ reads: SnapshotSectionReads) { self.reads = reads }
    }

    private struct Key: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var files: [Key: [Weak]] = [:]

    /// Several readings of one file may be alive at once (an open's, a command's whole
    /// read): each vouches for what it checked.
    static func note(_ reads: SnapshotSectionReads) {
        guard let identity = reads.identity else { return }
        lock.withLock {
            files = files.compactMapValues { readings in
                let alive = readings.filter { $0.reads != nil }
                return alive.isEmpty ? nil : alive
            }
            files[Key(device: identity.device, inode: identity.inode), default: []].append(Weak(reads))
        }
    }

    /// The readings this process holds of the file `identity` names that saw it exactly so
    /// (same size and times), and whose own descriptors show it unchanged too.
    static func readings(of identity: SnapshotFileIdentity) -> [SnapshotSectionReads] {
        let readings = lock.withLock { files[Key(device: identity.device, inode: identity.inode)]?.compactMap(\.reads) ?? [] }
        return readings.filter { $0.identity == identity && $0.unchangedSinceOpened }
    }
}
