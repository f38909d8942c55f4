import PartnerCore

extension WorkspaceStore {
    /// `partnerdash check`: reads every file the way `open` would and reports,
    /// changing nothing (a torn tail is reported, not cut; no lock is taken, so
    /// it also works beside a running dashboard).
    public static func verify(directory: String) -> WorkspaceReport {
        var report = WorkspaceReport(directory: directory)
        let names: [String]
        do {
            names = try FileSystem.listDirectory(directory)
        } catch {
            // Saying why: "no such directory" and "permission denied" call for different fixes.
            report.problems.append("\(directory) cannot be read: \(error)")
            return report
        }
        if let mode = try? FileSystem.mode(directory), mode != 0o700 {
            report.warnings.append("\(directory) has mode \(String(mode, radix: 8)); expected 700")
        }
        for name in names {
            let path = FileSystem.join(directory, name)
            guard !FileSystem.isDirectory(path) else { continue }
            let size = (try? FileSystem.fileSize(path)) ?? 0
            let mode = (try? FileSystem.mode(path)) ?? 0
            report.files.append(WorkspaceFile(name: name, size: size, mode: mode))
            if mode & 0o077 != 0 {
                report.warnings.append("\(name) has mode \(String(mode, radix: 8)); expected 600")
            }
            if WorkspaceFileName.isTemporary(name) {
                report.warnings.append("\(name) is left over from an interrupted write; the next open removes it")
            }
        }

        var model = PartnerModel()
        var snapshotSequence: UInt64 = 0
        do {
            let load = try SnapshotFile.loadNewest(directory: directory, readableVersions: ModelCodec.readableVersions)
            for skipped in load.skipped { report.warnings.append("\(skipped); the previous snapshot is used") }
            if let snapshot = load.snapshot {
                var reader = snapshot.payloadReader()
                model = try ModelCodec.decodeModel(&reader, version: snapshot.formatVersion, checkingUniqueness: true)
                snapshotSequence = snapshot.sequence
                report.snapshotSequence = snapshot.sequence
            }
            // Older sound snapshots that are not the fallback, and damaged ones older than the one in use, are worth a line too.
            for sequence in try SnapshotFile.sequences(in: directory) where sequence < snapshotSequence {
                let path = FileSystem.join(directory, WorkspaceFileName.snapshot(sequence: sequence))
                do {
                    _ = try SnapshotFile.read(path: path, readableVersions: ModelCodec.readableVersions)
                } catch {
                    report.warnings.append("older snapshot: \(error)")
                }
            }
        } catch {
            report.problems.append("\(error)")
        }

        do {
            let scan = try JournalScan.scan(directory: directory, keepingRecordsAfter: snapshotSequence)
            report.journalSegments = scan.segmentStarts.count
            report.journalRecords = scan.recordCount
            report.firstSequence = scan.segmentStarts[0]
            report.lastSequence = scan.lastSequence
            if let torn = scan.tornTail {
                report.warnings.append(
                    "\(scan.segmentPaths[scan.segmentPaths.count - 1]) ends in an unfinished record at byte \(torn.offset) (\(torn.reason)): a torn write, a change never confirmed; the next open sets it aside under damaged/")
            }
            report.warnings += scan.coveredDamage
            try checkJournalReaches(snapshotSequence, first: scan.segmentStarts[0], last: scan.lastSequence,
                                    segmentFiles: scan.segmentPaths)
            for record in scan.records {
                model.apply(try decode(record, directory: directory), sequence: record.sequence)
            }
            if report.problems.isEmpty { report.model = model }
        } catch {
            report.problems.append("\(error)")
        }
        return report
    }
}
