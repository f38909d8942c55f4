/// What `partnerdash repair` cut or moved, one line each, for the user to read.
public struct RepairReport: Sendable, Equatable {
    public var directory: String
    public var actions: [String] = []
    /// Where every cut or moved byte was kept.
    public var keptFiles: [String] = []

    public var repairedNothing: Bool { actions.isEmpty }
}

extension WorkspaceStore {
    /// `partnerdash repair`: the only thing that cuts a journal at damage that is not a torn
    /// write. Refused while any process has the workspace open. Each round scans the journal
    /// as an open does; at the first damage it cuts that segment there and moves every later
    /// segment whole, all of it kept under `damaged/` (0600), until the journal scans clean.
    /// Damage the snapshot covers is left (opening does not need it). The records that were
    /// cut, whole ones included, are no longer in the workspace: the report says how many.
    public static func repair(directory: String) throws -> RepairReport {
        guard exists(directory: directory) else {
            throw StoreError.notAWorkspace(path: directory, reason: "it has no journal segment (journal-*.log)")
        }
        let lock = try WorkspaceLock.lockForReplacing(directory: directory)
        defer { lock.release() }
        var report = RepairReport(directory: directory)
        // Each round takes at least one byte or file out of the journal, or gives up.
        var actions = -1
        while report.actions.count > actions {
            actions = report.actions.count
            let covered = (try? SnapshotFile.loadNewest(directory: directory, readableVersions: ModelCodec.readableVersions))?
                .snapshot?.sequence ?? 0
            do {
                let scan = try JournalScan.scan(directory: directory, keepingRecordsAfter: covered)
                if let torn = scan.tornTail {
                    let path = scan.segmentPaths[scan.segmentPaths.count - 1]
                    try setAside(path, from: Int64(torn.offset), reason: torn.reason, kind: "torn", into: &report)
                    continue
                }
                return report
            } catch let StoreError.corrupt(file, offset, reason) where WorkspaceFileName.journalSequence(lastComponent(file)) != nil {
                try setAside(file, from: offset, reason: reason, kind: "corrupt", into: &report)
            }
        }
        throw StoreError.invalidArgument("repair made no progress in \(directory); restore it from a backup")
    }

    /// Cuts `path` at `offset` (the whole file when its header is damaged) and moves every
    /// later segment, keeping all of it under `damaged/`. A journal left with no segment
    /// gets an empty one where the first moved one started, so it stays a workspace.
    private static func setAside(_ path: String, from offset: Int64, reason: String, kind: String,
                                 into report: inout RepairReport) throws {
        let directory = report.directory
        let starts = try FileSystem.listDirectory(directory).compactMap(WorkspaceFileName.journalSequence).sorted()
        guard let start = WorkspaceFileName.journalSequence(lastComponent(path)) else { return }
        if offset >= Int64(SegmentHeader.size) {
            let cutBytes = try FileSystem.readFile(path)
            let lost = RecordFrame.validRecordCount(in: Array(cutBytes[Int(offset)...]))
            var cut = JournalRecovery()
            try FileJournal.cutTornTail(directory: directory, path: path, at: offset, reason: reason, kind: kind, into: &cut)
            report.keptFiles += cut.savedTornTails
            report.actions.append(
                "cut \(cut.truncatedBytes) bytes from \(path) at byte \(offset) (\(reason)), kept in \(cut.savedTornTails.joined())"
                    + (lost > 0 ? "; \(lost) whole record(s) in them are no longer in the workspace" : ""))
        } else {
            try move(path, reason: "its header is damaged: \(reason)", into: &report)
        }
        for later in starts where later > start {
            try move(FileSystem.join(directory, WorkspaceFileName.journal(firstSequence: later)),
                     reason: "it comes after the damage", into: &report)
        }
        if try FileSystem.listDirectory(directory).allSatisfy({ WorkspaceFileName.journalSequence($0) == nil }) {
            try FileJournal.create(directory: directory, firstSequence: start)
            report.actions.append("started an empty journal at sequence \(start)")
        }
    }

    private static func move(_ path: String, reason: String, into report: inout RepairReport) throws {
        let records = RecordFrame.validRecordCount(in: try FileSystem.readFile(path))
        let kept = try DamagedFolder.move(path, kind: "corrupt", workspace: report.directory)
        report.keptFiles.append(kept)
        report.actions.append("moved \(path) to \(kept) (\(reason)); its \(records) whole record(s) are no longer in the workspace")
    }

    private static func lastComponent(_ path: String) -> String { String(path.split(separator: "/").last ?? "") }
}
