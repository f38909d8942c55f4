#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The journal as numbered segment files `journal-<first sequence>.log` in the
/// workspace directory, shared by every process that has the workspace open. Appends
/// are written only under the workspace's write lock (`WorkspaceLock`), after `catchUp`
/// has read what others appended; every append is one `write` of all its frames, and
/// is acknowledged only after an `fdatasync` that the store makes once the lock is let
/// go (`write`, then `sync`), so that writers' syncs overlap.
public final class FileJournal: SegmentedJournal {
    public let directory: String
    public private(set) var lastSequence: UInt64
    /// What opening had to repair.
    public private(set) var recovery: JournalRecovery
    /// Set after a failed write, sync or segment switch; from then on every change is refused.
    public private(set) var readOnlyReason: String?
    /// Woken after each durable append of this process and after `catchUp` read records
    /// that other processes appended.
    public let wakeUps = JournalWakeUps()
    private var recordsReadAtOpen: [JournalRecord]

    /// The records kept while opening (see `init(directory:keepingRecordsAfter:)`), once:
    /// they are let go of after.
    public func takeRecordsReadAtOpen() -> [JournalRecord] {
        defer { recordsReadAtOpen = [] }
        return recordsReadAtOpen
    }

    /// First sequence number of each segment, oldest first; never empty.
    private var segmentStarts: [UInt64]
    /// Nil on a file system that refuses writing (the journal is then read-only).
    private var current: (any AppendableFile)?
    /// The same segment open for reading: `catchUp` reads through it even after another
    /// process's checkpoint has deleted the file.
    private var reader: Int32
    /// Where the records this journal has read end in the current segment.
    private var currentSize: Int64
    /// A torn tail or temporary files that opening without the write lock left alone.
    public private(set) var needsRepair = false
    private let opener: (String) throws -> any AppendableFile

    /// The oldest sequence number still readable; earlier ones were removed by checkpoints.
    public var firstSequence: UInt64 { segmentStarts[0] }
    public var segmentFiles: [String] { segmentStarts.map { path(forSegment: $0) } }
    /// Bytes of records in the segment being appended to (for deciding when to checkpoint).
    public var currentSegmentBytes: Int64 { currentSize - Int64(SegmentHeader.size) }

    /// Starts an empty journal whose first record will get `firstSequence`.
    @discardableResult
    public static func create(directory: String, firstSequence: UInt64 = 1) throws -> FileJournal {
        let existing = try FileSystem.listDirectory(directory).filter { WorkspaceFileName.journalSequence($0) != nil }
        guard existing.isEmpty else {
            throw StoreError.invalidArgument("\(directory) already has journal segments (\(existing[0]))")
        }
        try writeSegmentFile(directory: directory, firstSequence: firstSequence)
        return try FileJournal(directory: directory)
    }

    /// Opens an existing journal, cutting off a torn tail of the last segment and
    /// refusing (without changing anything) on any other damage. Opening reads and checks
    /// every record; those after `keepingRecordsAfter` are kept for `takeRecordsReadAtOpen`,
    /// so a store replaying them does not read the segments a second time.
    ///
    /// With `repairing` false (no write lock held) nothing is changed: an unfinished record
    /// at the end may be another process's append in progress, so the journal ends before
    /// it and `needsRepair` says whether the caller should reopen under the write lock.
    public convenience init(directory: String, keepingRecordsAfter: UInt64? = nil, repairing: Bool = true) throws {
        try self.init(directory: directory, keepingRecordsAfter: keepingRecordsAfter, repairing: repairing,
                      opener: { try POSIXFile.openForAppend($0) })
    }

    init(directory: String, keepingRecordsAfter: UInt64? = nil, repairing: Bool = true,
         opener: @escaping (String) throws -> any AppendableFile) throws {
        self.directory = directory
        self.opener = opener
        let scan = try JournalScan.scan(directory: directory, keepingRecordsAfter: keepingRecordsAfter)
        recordsReadAtOpen = scan.records
        let lastPath = scan.segmentPaths[scan.segmentPaths.count - 1]

        // Only now, with every segment known to be sound, may anything change.
        var recovery = JournalRecovery()
        recovery.damageCoveredBySnapshot = scan.coveredDamage
        if repairing {
            if let torn = scan.tornTail {
                try Self.cutTornTail(directory: directory, path: lastPath, at: Int64(torn.offset), reason: torn.reason,
                                     into: &recovery)
            }
            for name in scan.temporaryFiles {
                try FileSystem.removeIfPresent(FileSystem.join(directory, name))
                recovery.removedTemporaryFiles.append(name)
            }
            if !recovery.removedTemporaryFiles.isEmpty { try FileSystem.syncDirectory(directory) }
        } else {
            needsRepair = scan.tornTail != nil || !scan.temporaryFiles.isEmpty
        }

        self.segmentStarts = scan.segmentStarts
        self.currentPath = lastPath
        self.lastSequence = scan.lastSequence
        self.recovery = recovery
        (self.current, self.readOnlyReason) = try Self.openForAppending(lastPath, with: opener)
        let fd = FileSystem.openDescriptor(lastPath, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: lastPath, errno: SystemError.current) }
        self.reader = fd
        self.currentSize = Int64(scan.lastSegmentValidEnd)
    }

    /// A torn tail is kept under `damaged/` (0600) before it is cut off: those bytes were
    /// never acknowledged, but nothing is thrown away unseen. `partnerdash repair` cuts
    /// corruption the same way, as `kind` "corrupt".
    static func cutTornTail(directory: String, path: String, at offset: Int64, reason: String, kind: String = "torn",
                            into recovery: inout JournalRecovery) throws {
        let size = try FileSystem.fileSize(path)
        guard size > offset else { return }
        let fd = FileSystem.openDescriptor(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: SystemError.current) }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readRest(descriptor: fd, path: path, from: offset)
            FileSystem.closeDescriptor(fd)
        } catch {
            FileSystem.closeDescriptor(fd)
            throw error
        }
        let name = (path.split(separator: "/").last.map(String.init) ?? "journal") + ".at-\(offset)"
        let kept = try DamagedFolder.keep(bytes, as: name, kind: kind, workspace: directory)
        try FileSystem.truncateFile(path, to: offset)
        recovery.truncatedFile = path
        recovery.truncatedAtOffset = offset
        recovery.truncatedBytes += size - offset
        recovery.reason = reason
        recovery.savedTornTails.append(kept)
    }

    /// Reads the records other processes appended after `lastSequence`: the rest of the
    /// current segment, then any segments started after it. With `repairing` (the caller
    /// holds the write lock, so no append is in progress) an unfinished record at the end
    /// is a dead writer's torn write and is cut off (kept under `damaged/`); without it,
    /// reading stops before it. Throws `JournalBehind` when the segment that follows was
    /// deleted by another process's checkpoint: the caller reloads from the newest snapshot.
    ///
    /// Without `followingSegments` it reads only the rest of the current segment and does not
    /// look for one after it (two system calls fewer): for a writer's read before the write
    /// lock, whose catch-up under the lock looks for them anyway.
    public func catchUp(repairing: Bool, followingSegments: Bool = true) throws -> [JournalRecord] {
        if let readOnlyReason, repairing { throw StoreError.readOnly(reason: readOnlyReason) }
        var result: [JournalRecord] = []
        while true {
            let bytes = try FileSystem.readRest(descriptor: reader, path: currentPath, from: currentSize)
            var offset = 0
            var stoppedEarly = false
            while offset < bytes.count {
                let parse = RecordFrame.parse(bytes, at: offset)
                switch parse {
                case let .record(record, next):
                    guard record.sequence == lastSequence &+ 1 else {
                        throw StoreError.corrupt(
                            file: currentPath, offset: currentSize + Int64(offset),
                            reason: "record has sequence \(record.sequence) where \(lastSequence &+ 1) was expected; \(RecordDamage.repairHint)")
                    }
                    result.append(record)
                    lastSequence = record.sequence
                    offset = next
                case .incomplete, .invalid:
                    let at = currentSize + Int64(offset)
                    switch RecordDamage.classify(bytes, at: offset, base: currentSize, after: lastSequence, parse: parse) {
                    case let .corruption(why):
                        throw StoreError.corrupt(file: currentPath, offset: at, reason: why)
                    case let .tornWrite(why):
                        currentSize = at
                        if repairing {
                            try Self.cutTornTail(directory: directory, path: currentPath, at: at, reason: why, into: &recovery)
                        }
                    }
                    stoppedEarly = true
                    offset = bytes.count
                }
            }
            if stoppedEarly {
                break
            }
            currentSize += Int64(bytes.count)
            guard followingSegments else { break }
            // The end of this segment: has a checkpoint started the next one? It starts
            // right after this segment's last record. A segment with no record yet is the
            // one that sequence starts, this one: nothing follows it.
            let next = lastSequence &+ 1
            let current = segmentStarts[segmentStarts.count - 1]
            if next > current, FileSystem.exists(pathOfFollowingSegment(next)) {
                try switchToSegment(next)
                continue
            }
            // Segments are deleted oldest first, never the newest: while this one is still
            // linked, none after it was deleted either, and one that does not start at
            // `next` follows records of this one still to come (the next catch-up reads
            // them). So a stat, not a listing, on every catch-up.
            guard try FileSystem.status(descriptor: reader, path: currentPath).st_nlink == 0 else { break }
            let later = try FileSystem.listDirectory(directory).compactMap(WorkspaceFileName.journalSequence)
                .filter { $0 > current }
            if later.isEmpty { break }
            guard later.contains(next) else { throw JournalBehind(needed: next) }
            try switchToSegment(next)
        }
        if let last = result.last { wakeUps.wake(lastSequence: last.sequence) }
        return result
    }

    /// The segment being read and appended to; named once, not on every catch-up.
    private var currentPath: String
    /// The name the segment after the current one would have if it started at `start`:
    /// looked for on every catch-up and tail check, mostly for the same `start`.
    private var followingSegment: (start: UInt64, path: String) = (0, "")

    private func pathOfFollowingSegment(_ start: UInt64) -> String {
        if followingSegment.start != start { followingSegment = (start, path(forSegment: start)) }
        return followingSegment.path
    }

    private func switchToSegment(_ start: UInt64) throws {
        let path = path(forSegment: start)
        let fd = FileSystem.openDescriptor(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else {
            let code = SystemError.current
            if code == ENOENT { throw JournalBehind(needed: start) }
            throw StoreError.io(operation: "open", path: path, errno: code)
        }
        do {
            let header = try SegmentHeader.decode(try FileSystem.readRest(descriptor: fd, path: path, from: 0).prefix(SegmentHeader.size).map { $0 },
                                                  file: path)
            guard header.firstSequence == start else {
                throw StoreError.corrupt(
                    file: path, offset: 8,
                    reason: "segment header says it starts at sequence \(header.firstSequence), its name says \(start)")
            }
            let (file, refusal) = readOnlyReason == nil ? try Self.openForAppending(path, with: opener) : (nil, nil)
            if let refusal { readOnlyReason = refusal }
            becomeCurrent(file, reader: fd, startingAt: start)
        } catch {
            FileSystem.closeDescriptor(fd)
            throw error
        }
    }

    deinit {
        current?.close()
        FileSystem.closeDescriptor(reader)
    }

    /// Makes the segment starting at `start` the one appended to and read from, with only
    /// its header read so far; the previous segment's descriptors are closed.
    private func becomeCurrent(_ file: (any AppendableFile)?, reader fd: Int32, startingAt start: UInt64) {
        current?.close()
        FileSystem.closeDescriptor(reader)
        current = file
        reader = fd
        currentSize = Int64(SegmentHeader.size)
        segmentStarts.append(start)
        currentPath = path(forSegment: start)
    }

    /// Writes and syncs in one step, under the write lock the caller holds (see
    /// `write`/`sync` for the store's split, which syncs outside the lock).
    public func append(_ records: [JournalEntry], expectedLastSequence: UInt64) throws -> UInt64 {
        let written = try write(records, expectedLastSequence: expectedLastSequence)
        do {
            try sync(written)
        } catch {
            abandon(written, because: error)
            throw error
        }
        return written.lastSequence
    }

    /// Appends the records' frames in one `write` (O_APPEND) without syncing them: the
    /// caller holds the write lock, and acknowledges them only after `sync`. From here on
    /// they are in the file for every reader, in order, before anything appended later,
    /// so a later record's sync makes them durable too (see STORE.md › Group commit).
    /// A failed write cuts its partial bytes off again and turns the journal read-only.
    public func write(_ records: [JournalEntry], expectedLastSequence: UInt64) throws -> UnsyncedAppend {
        if let readOnlyReason { throw StoreError.readOnly(reason: readOnlyReason) }
        guard expectedLastSequence == lastSequence else {
            throw StoreError.conflict(expected: expectedLastSequence, actual: lastSequence)
        }
        guard !records.isEmpty else { throw StoreError.invalidArgument("append of no records") }
        guard let current else { throw StoreError.readOnly(reason: "\(currentPath) is not open for appending") }
        // The tail on disk must be where this journal's reading ended: anything else was
        // appended by someone else and is a conflict to catch up from, never to write over.
        let onDisk = try current.size()
        let nextSegment = pathOfFollowingSegment(lastSequence &+ 1)
        guard onDisk == currentSize,
              segmentStarts[segmentStarts.count - 1] == lastSequence &+ 1 || !FileSystem.exists(nextSegment) else {
            throw StoreError.conflict(expected: expectedLastSequence, actual: lastSequence &+ 1)
        }
        var total = 0
        for record in records {
            guard record.payload.count <= RecordFrame.maximumPayload else {
                throw StoreError.invalidArgument(
                    "record payload of \(record.payload.count) bytes exceeds the limit of \(RecordFrame.maximumPayload)")
            }
            total += RecordFrame.frameSize(payload: record.payload.count)
        }
        var writer = BinaryWriter(capacity: total)
        var sequence = lastSequence
        for record in records {
            sequence += 1
            RecordFrame.encode(type: record.type, sequence: sequence, payload: record.payload, into: &writer)
        }
        let frames = writer.finish()
        do {
            try frames.withUnsafeBytes { try current.write($0) }
        } catch {
            // The bytes may be partly on disk; cut them so a reopen cannot show a change that was refused.
            try? current.truncate(to: currentSize)
            try? current.syncData()
            turnReadOnly(because: error)
            throw error
        }
        let written = UnsyncedAppend(firstSequence: lastSequence + 1, lastSequence: sequence,
                                     start: currentSize, end: currentSize + Int64(frames.count))
        currentSize = written.end
        lastSequence = sequence
        return written
    }

    /// `fdatasync` of the segment `written` went to; listeners are woken once it is durable.
    /// Needs no lock: others may append after it meanwhile, and their syncs and this one
    /// cover whatever the file holds (one file, written in order). On failure, call
    /// `abandon` under the write lock.
    public func sync(_ written: UnsyncedAppend) throws {
        // `written` came from `append`, which needs the file open for appending.
        guard let current else { throw StoreError.readOnly(reason: "\(currentPath) is not open for appending") }
        try current.syncData()
        wakeUps.wake(lastSequence: written.lastSequence)
    }

    /// After `sync` of `written` failed (EIO…): the journal turns read-only, and, under the
    /// write lock the caller holds, the records are cut off again when nothing was appended
    /// after them (true: the change is refused, as if never written). When others already
    /// appended after them they stay (false): another process has read them, and cutting
    /// would take its records too; whether they reach the disk is then not known.
    @discardableResult
    public func abandon(_ written: UnsyncedAppend, because error: any Error) -> Bool {
        turnReadOnly(because: error)
        guard let current, currentSize == written.end, (try? current.size()) == written.end else { return false }
        do {
            try current.truncate(to: written.start)
        } catch {
            return false
        }
        try? current.syncData()
        currentSize = written.start
        lastSequence = written.firstSequence - 1
        return true
    }

    /// A sync failed where its records could not be cut off: every later change is refused.
    public func stopWriting(because error: any Error) {
        turnReadOnly(because: error)
    }

    public func records(after sequence: UInt64) throws -> [JournalRecord] {
        guard sequence &+ 1 >= firstSequence else {
            throw StoreError.invalidArgument(
                "records after \(sequence) were requested but the journal starts at \(firstSequence)")
        }
        var result: [JournalRecord] = []
        for (index, start) in segmentStarts.enumerated() {
            let isLast = index == segmentStarts.count - 1
            if !isLast && segmentStarts[index + 1] - 1 <= sequence { continue }
            let path = path(forSegment: start)
            var bytes = try FileSystem.readFile(path)
            if isLast && Int64(bytes.count) > currentSize {
                // Bytes of a refused append that could not be cut off are not records.
                bytes.removeSubrange(Int(currentSize)...)
            }
            let scan = try SegmentScan.scan(
                bytes, path: path, expectedFirst: start, tornTailAllowed: false, keepRecords: true)
            result.append(contentsOf: scan.records.lazy.filter { $0.sequence > sequence })
        }
        return result
    }

    public func startNewSegment() throws {
        if let readOnlyReason { throw StoreError.readOnly(reason: readOnlyReason) }
        let start = lastSequence &+ 1
        guard start != segmentStarts[segmentStarts.count - 1] else { return }
        do {
            // Appends are synced after the write lock is let go: another process's record
            // may still be unsynced here. A record in the new segment must never be durable
            // while one before it is not (a gap), nor a snapshot cover one that is not.
            try current?.syncData()
            try Self.writeSegmentFile(directory: directory, firstSequence: start)
            let file = try opener(path(forSegment: start))
            let fd = FileSystem.openDescriptor(path(forSegment: start), O_RDONLY | O_CLOEXEC, 0)
            guard fd >= 0 else {
                throw StoreError.io(operation: "open", path: path(forSegment: start), errno: SystemError.current)
            }
            becomeCurrent(file, reader: fd, startingAt: start)
        } catch {
            turnReadOnly(because: error)
            throw error
        }
    }

    /// Deletes, oldest first, the segment files (as the directory now lists them: other
    /// processes start segments too) whose every record is at most `sequence`; never the
    /// newest one. A file already gone is not an error.
    @discardableResult
    public func deleteSegments(coveredBy sequence: UInt64) throws -> Int {
        if let readOnlyReason { throw StoreError.readOnly(reason: readOnlyReason) }
        var deleted = 0
        let starts = try FileSystem.listDirectory(directory).compactMap(WorkspaceFileName.journalSequence).sorted()
        // Oldest first, so that a crash part-way leaves a journal without gaps.
        var index = 0
        while index + 1 < starts.count && starts[index + 1] - 1 <= sequence {
            try FileSystem.removeIfPresent(path(forSegment: starts[index]))
            deleted += 1
            index += 1
        }
        let newest = segmentStarts[segmentStarts.count - 1]
        let gone = Set(starts.prefix(index))
        segmentStarts.removeAll { $0 != newest && ($0 < newest && (gone.contains($0) || !starts.contains($0))) }
        if deleted > 0 { try FileSystem.syncDirectory(directory) }
        return deleted
    }

    /// The segment opened for appending, or, on a file system that refuses writing it
    /// (read-only media, no permission), none and why the journal is read-only: reading
    /// needs no more, and every change is refused saying so.
    private static func openForAppending(_ path: String, with opener: (String) throws -> any AppendableFile) throws
        -> (file: (any AppendableFile)?, readOnlyReason: String?) {
        do {
            return (try opener(path), nil)
        } catch let StoreError.io(_, _, code) where SystemError.refusesWriting(code) {
            return (nil, "\(path) cannot be written: \(SystemError.message(code)) (\(SystemError.name(code))); it can be read, not changed")
        }
    }

    private func turnReadOnly(because error: any Error) {
        if readOnlyReason == nil {
            readOnlyReason = "\(error)"
        }
    }

    private func path(forSegment start: UInt64) -> String {
        FileSystem.join(directory, WorkspaceFileName.journal(firstSequence: start))
    }

    /// Written under a temporary name and renamed, so a segment never exists with half a header.
    private static func writeSegmentFile(directory: String, firstSequence: UInt64) throws {
        let name = WorkspaceFileName.journal(firstSequence: firstSequence)
        try FileSystem.writeAtomically([SegmentHeader(version: SegmentHeader.currentVersion, firstSequence: firstSequence).encoded()],
                                       to: FileSystem.join(directory, name), in: directory)
    }
}

/// The segment after the last one read is gone: another process's checkpoint deleted
/// it, so the records in it are only in a newer snapshot now.
public struct JournalBehind: Error, Sendable, CustomStringConvertible {
    public var needed: UInt64
    public var description: String { "journal segment starting at \(needed) was deleted by a checkpoint" }
}

/// Records `FileJournal.write` put in the file and nobody has acknowledged yet: until
/// `sync` returns they may be lost in a crash of the machine (not of a process: the
/// kernel has them).
public struct UnsyncedAppend: Sendable, Equatable {
    public var firstSequence: UInt64
    public var lastSequence: UInt64
    /// Where their frames start and end in the segment.
    var start: Int64
    var end: Int64
}
