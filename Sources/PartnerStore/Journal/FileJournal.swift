/// The journal as numbered segment files `journal-<first sequence>.log` in the
/// workspace directory. One writer (the workspace lock guarantees it); every
/// append is one `write` of all its frames followed by `fdatasync`.
public final class FileJournal: SegmentedJournal {
    public let directory: String
    public private(set) var lastSequence: UInt64
    /// What opening had to repair.
    public private(set) var recovery: JournalRecovery
    /// Set after a failed write, sync or segment switch; from then on every change is refused.
    public private(set) var readOnlyReason: String?
    /// Woken after each durable append. With one writer per workspace (the lock) the
    /// listeners are in this process; a shared journal would wake other machines too.
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
    private var current: any AppendableFile
    private var currentSize: Int64
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
    public convenience init(directory: String, keepingRecordsAfter: UInt64? = nil) throws {
        try self.init(directory: directory, keepingRecordsAfter: keepingRecordsAfter, opener: { try POSIXFile.openForAppend($0) })
    }

    init(directory: String, keepingRecordsAfter: UInt64? = nil,
         opener: @escaping (String) throws -> any AppendableFile) throws {
        self.directory = directory
        self.opener = opener
        let scan = try JournalScan.scan(directory: directory, keepingRecordsAfter: keepingRecordsAfter)
        recordsReadAtOpen = scan.records
        let lastPath = scan.segmentPaths[scan.segmentPaths.count - 1]

        // Only now, with every segment known to be sound, may anything change.
        var recovery = JournalRecovery()
        if let torn = scan.tornTail {
            try FileSystem.truncateFile(lastPath, to: Int64(torn.offset))
            recovery.truncatedFile = lastPath
            recovery.truncatedAtOffset = Int64(torn.offset)
            recovery.truncatedBytes = Int64(scan.lastSegmentSize - torn.offset)
            recovery.reason = torn.reason
        }
        for name in scan.temporaryFiles {
            try FileSystem.remove(FileSystem.join(directory, name))
            recovery.removedTemporaryFiles.append(name)
        }
        if !recovery.removedTemporaryFiles.isEmpty { try FileSystem.syncDirectory(directory) }

        self.segmentStarts = scan.segmentStarts
        self.lastSequence = scan.lastSequence
        self.recovery = recovery
        self.current = try opener(lastPath)
        self.currentSize = Int64(scan.lastSegmentValidEnd)
    }

    deinit { current.close() }

    public func append(_ records: [JournalEntry], expectedLastSequence: UInt64) throws -> UInt64 {
        if let readOnlyReason { throw StoreError.readOnly(reason: readOnlyReason) }
        guard expectedLastSequence == lastSequence else {
            throw StoreError.conflict(expected: expectedLastSequence, actual: lastSequence)
        }
        guard !records.isEmpty else { throw StoreError.invalidArgument("append of no records") }
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
            try current.syncData()
        } catch {
            // The bytes may be partly on disk; cut them so a reopen cannot show a change that was refused.
            try? current.truncate(to: currentSize)
            try? current.syncData()
            turnReadOnly(because: error)
            throw error
        }
        currentSize += Int64(frames.count)
        lastSequence = sequence
        wakeUps.wake(lastSequence: sequence)
        return sequence
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
            try Self.writeSegmentFile(directory: directory, firstSequence: start)
            let file = try opener(path(forSegment: start))
            current.close()
            current = file
            currentSize = Int64(SegmentHeader.size)
            segmentStarts.append(start)
        } catch {
            turnReadOnly(because: error)
            throw error
        }
    }

    @discardableResult
    public func deleteSegments(coveredBy sequence: UInt64) throws -> Int {
        if let readOnlyReason { throw StoreError.readOnly(reason: readOnlyReason) }
        var deleted = 0
        // Oldest first, so that a crash part-way leaves a journal without gaps.
        while segmentStarts.count > 1 && segmentStarts[1] - 1 <= sequence {
            try FileSystem.remove(path(forSegment: segmentStarts[0]))
            segmentStarts.removeFirst()
            deleted += 1
        }
        if deleted > 0 { try FileSystem.syncDirectory(directory) }
        return deleted
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
