#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// A section of a format-8 snapshot whose bytes did not match the table's checksum when they
/// were first read, after the snapshot was chosen (a deferred section, or the first subscription
/// decoded from one). The store then reads the model again from a sound snapshot
/// (`WorkspaceStore`); anyone else reports it as `corrupt`.
struct SnapshotSectionDamage: Error, CustomStringConvertible {
    let file: String
    let damage: SnapshotDamage

    var storeError: StoreError { .corrupt(file: file, offset: damage.offset, reason: damage.reason) }
    var description: String { "\(storeError)" }
}

/// Reads a format-8 snapshot's blocks into a `ByteBuffer`'s memory when something first needs
/// them, checking each against the section table: the blocks never read cost neither a read
/// nor a page. The file stays open (an open file still reads once another process's
/// checkpoint has deleted it); a file truncated meanwhile reads short, which is damage,
/// never a signal.
final class SnapshotSectionReads: @unchecked Sendable {
    let table: SnapshotSectionTable
    /// Open for as long as this object lives; a checkpoint copies from it (`CopiedBytes`).
    let fd: Int32
    let path: String
    /// Per entry, which blocks are read and checked; each entry's under its own lock, so the
    /// sections decoded on several threads read in parallel (one object per entry: threads
    /// never write the same array).
    private let loaded: [LoadedBlocks]
    private let locks: [NSLock]

    /// `blocks`: in the buffer's memory. `vouched`: known to match the table, because this
    /// process checked them (loaded or read checked) or wrote them from its own memory.
    private final class LoadedBlocks: @unchecked Sendable {
        var blocks: [Bool]
        var vouched: [Bool]
        init(_ count: Int) {
            blocks = [Bool](repeating: false, count: count)
            vouched = blocks
        }
    }
    private let countLock = NSLock()
    private var readCount = 0
    /// The file as this object first saw it (nil when fstat failed): what pruning compares
    /// before it believes `vouched` (`SnapshotFile.soundness`).
    let identity: SnapshotFileIdentity?

    init(fd: Int32, path: String, table: SnapshotSectionTable) {
        self.fd = fd
        self.path = path
        self.table = table
        loaded = table.entries.map { LoadedBlocks($0.blockChecksums.count) }
        locks = table.entries.map { _ in NSLock() }
        identity = SnapshotFileIdentity(descriptor: fd)
        if identity != nil { CheckedSnapshots.note(self) }
    }

    /// Whether the file open here is still as it was first seen: neither written nor
    /// replaced in place since (a rename over its path leaves this one as it was).
    var unchangedSinceOpened: Bool {
        identity != nil && SnapshotFileIdentity(descriptor: fd) == identity
    }

    /// Whether every block holding any of `range` is vouched for.
    func vouched(_ range: Range<Int>) -> Bool {
        table.entries.indices.allSatisfy { entry in
            guard table.entries[entry].range.overlaps(range) else { return true }
            let blocks = table.blocks(of: entry, overlapping: range)
            return locks[entry].withLock { loaded[entry].vouched[blocks].allSatisfy { $0 } }
        }
    }

    /// For a file this process just wrote: every block vouched for but those holding any
    /// byte of `unvouched` (copied from a file whose blocks it never checked), ranges in
    /// file order that do not overlap, as a file's pieces lie.
    func vouchForWritten(except unvouched: [Range<Int>]) {
        for entry in table.entries.indices {
            let blocks = loaded[entry]
            locks[entry].withLock {
                for block in blocks.vouched.indices {
                    let range = table.blockRange(entry, block)
                    // The first range ending after the block's start is the only one that may overlap it first.
                    let next = unvouched.partitionPoint { $0.upperBound <= range.lowerBound }
                    blocks.vouched[block] = next == unvouched.count || !unvouched[next].overlaps(range)
                }
            }
        }
    }

    /// Whether `block` of `entry` is vouched for.
    func isVouched(_ entry: Int, _ block: Int) -> Bool {
        locks[entry].withLock { loaded[entry].vouched[block] }
    }

    deinit { _ = close(fd) }

    /// Bytes read from the file so far (header and table not counted).
    var bytesRead: Int { countLock.withLock { readCount } }

    /// Reads and checks every block holding any of `range` not read yet, into `memory` (the
    /// buffer's, addressed by file offsets). Damage is `SnapshotSectionDamage`. Returns the
    /// bytes read now.
    @discardableResult
    func load(_ range: Range<Int>, into memory: UnsafeMutableRawPointer) throws -> Int {
        var read = 0
        for entry in table.entries.indices where table.entries[entry].range.overlaps(range) {
            read += try locks[entry].withLock { try load(entry, blocks: table.blocks(of: entry, overlapping: range), into: memory) }
        }
        return read
    }

    /// `load` of whole entries, from a megabyte on two threads (most of a read's cost is the
    /// kernel handing out fresh pages and copying into them, which two threads do faster).
    /// Less is read on the calling thread alone, so a test's `FaultPlan` (bound to it) sees
    /// every read of a small workspace, the same ones each time.
    /// Returns the bytes read now.
    @discardableResult
    func load(entries: [Int], into memory: UnsafeMutableRawPointer) throws -> Int {
        let largestFirst = entries.sorted { table.entries[$0].range.count > table.entries[$1].range.count }
        guard largestFirst.reduce(0, { $0 + table.entries[$1].range.count }) >= 1 << 20 else {
            return try largestFirst.reduce(0) { $0 + (try load(table.entries[$1].range, into: memory)) }
        }
        let lanes = Lanes()
        nonisolated(unsafe) let memory = memory
        DispatchQueue.concurrentPerform(iterations: min(2, largestFirst.count)) { lane in
            for entry in stride(from: lane, to: largestFirst.count, by: 2).map({ largestFirst[$0] }) {
                do {
                    lanes.add(try load(table.entries[entry].range, into: memory))
                } catch {
                    lanes.note(error)
                }
            }
        }
        return try lanes.total()
    }

    private func load(_ entry: Int, blocks: Range<Int>, into memory: UnsafeMutableRawPointer) throws -> Int {
        let loaded = loaded[entry]
        var read = 0
        var block = blocks.lowerBound
        while block < blocks.upperBound {
            guard !loaded.blocks[block] else {
                block += 1
                continue
            }
            // A run of blocks not read yet, read with one pread.
            var end = block + 1
            while end < blocks.upperBound && !loaded.blocks[end] { end += 1 }
            let start = table.blockRange(entry, block).lowerBound
            let count = table.blockRange(entry, end - 1).upperBound - start
            let got = try FileSystem.preadAll(fd, into: memory + start, count: count, from: Int64(start), path: path)
            countLock.withLock { readCount += got }
            read += got
            for checked in block..<end {
                let range = table.blockRange(entry, checked)
                let available = max(0, min(range.count, start + got - range.lowerBound))
                if let damage = table.damage(entry, checked, UnsafeRawBufferPointer(start: memory + range.lowerBound, count: available)) {
                    throw SnapshotSectionDamage(file: path, damage: damage)
                }
                loaded.blocks[checked] = true
                loaded.vouched[checked] = true
            }
            block = end
        }
        return read
    }

    /// The bytes of `range` (inside one entry) read again into memory of their own, each
    /// block holding them checked against the table, whatever was loaded before: what an
    /// audit chunk left in the snapshot reads (`SnapshotAuditChunks`). Damage is
    /// `SnapshotSectionDamage`.
    func readChecked(_ range: Range<Int>) throws -> [UInt8] {
        guard let entry = table.entries.indices.first(where: { table.entries[$0].range.contains(range.lowerBound) }),
              range.upperBound <= table.entries[entry].range.upperBound else {
            throw StoreError.corrupt(file: path, offset: Int64(range.lowerBound), reason: "bytes \(range) lie in no one section")
        }
        let blocks = table.blocks(of: entry, overlapping: range)
        let start = table.blockRange(entry, blocks.lowerBound).lowerBound
        let end = table.blockRange(entry, blocks.upperBound - 1).upperBound
        var bytes = [UInt8](repeating: 0, count: end - start)
        let got = try bytes.withUnsafeMutableBytes { memory in
            try FileSystem.preadAll(fd, into: memory.baseAddress!, count: end - start, from: Int64(start), path: path)
        }
        try bytes.withUnsafeBytes { memory in
            for block in blocks {
                let within = table.blockRange(entry, block)
                let available = max(0, min(within.count, got - (within.lowerBound - start)))
                let read = UnsafeRawBufferPointer(rebasing: memory[(within.lowerBound - start)..<(within.lowerBound - start + available)])
                if let damage = table.damage(entry, block, read) { throw SnapshotSectionDamage(file: path, damage: damage) }
            }
        }
        locks[entry].withLock { for block in blocks { loaded[entry].vouched[block] = true } }
        return Array(bytes[(range.lowerBound - start)..<(range.upperBound - start)])
    }

    /// The table's checksum of `range` when it is exactly one block of one entry; nil otherwise.
    func knownChecksum(of range: Range<Int>) -> UInt32? {
        guard let entry = table.entries.indices.first(where: { table.entries[$0].range.contains(range.lowerBound) }) else { return nil }
        let offset = range.lowerBound - table.entries[entry].range.lowerBound
        guard offset % table.blockBytes == 0 else { return nil }
        let block = offset / table.blockBytes
        guard block < table.entries[entry].blockChecksums.count, table.blockRange(entry, block) == range else { return nil }
        return table.entries[entry].blockChecksums[block]
    }

    /// The bytes read by threads that each add their own, or the first error one noted.
    private final class Lanes: @unchecked Sendable {
        private let lock = NSLock()
        private var first: (any Error)?
        private var read = 0
        func add(_ bytes: Int) { lock.withLock { read += bytes } }
        func note(_ error: any Error) { lock.withLock { if first == nil { first = error } } }
        func total() throws -> Int {
            try lock.withLock {
                if let first { throw first }
                return read
            }
        }
    }
}
