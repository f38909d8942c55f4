import Foundation

/// Every segment of a journal read and checked, without changing anything.
/// Opening a `FileJournal` acts on it; `partnerdash check` only reports it.
struct JournalScan {
    var directory: String
    /// All names in the directory, for the temporary files a crash left.
    var names: [String]
    /// First sequence of each segment, oldest first.
    var segmentStarts: [UInt64]
    var segmentPaths: [String]
    var recordCount: Int
    var lastSequence: UInt64
    /// Offset just past the last good record of the last segment.
    var lastSegmentValidEnd: Int
    var lastSegmentSize: Int
    var tornTail: (offset: Int, reason: String)?
    /// Records after the sequence asked for, when asked.
    var records: [JournalRecord]
    /// Damage in segments whose every record the snapshot already holds (`keepingRecordsAfter`):
    /// reported, but it does not stop an open.
    var coveredDamage: [String] = []

    /// Throws `StoreError.corrupt` (or `newerFormat`) for anything but a torn tail of the last
    /// segment and damage in a segment that `keepAfter` (the snapshot's sequence) covers.
    static func scan(directory: String, keepingRecordsAfter keepAfter: UInt64? = nil) throws -> JournalScan {
        let names = try FileSystem.listDirectory(directory)
        let starts = names.compactMap(WorkspaceFileName.journalSequence)
        guard !starts.isEmpty else {
            throw StoreError.notAWorkspace(path: directory, reason: "it has no journal segment (journal-*.log)")
        }
        var result = JournalScan(
            directory: directory, names: names, segmentStarts: starts, segmentPaths: [], recordCount: 0,
            lastSequence: 0, lastSegmentValidEnd: 0, lastSegmentSize: 0, tornTail: nil, records: [])
        var previousLast: UInt64?
        for (index, start) in starts.enumerated() {
            let path = FileSystem.join(directory, WorkspaceFileName.journal(firstSequence: start))
            if let previousLast, start != previousLast &+ 1 {
                throw StoreError.corrupt(
                    file: path, offset: 0,
                    reason: "segment starts at sequence \(start) but the previous segment ends at \(previousLast)")
            }
            let bytes = try FileSystem.readFile(path)
            let isLast = index == starts.count - 1
            let wanted = keepAfter.map { after in isLast || starts[index + 1] - 1 > after } ?? false
            let segment: SegmentScan
            do {
                segment = try SegmentScan.scan(
                    bytes, path: path, expectedFirst: start, tornTailAllowed: isLast, keepRecords: wanted)
            } catch let damage as StoreError where !isLast && !wanted && keepAfter != nil {
                guard case let .corrupt(file, offset, reason) = damage else { throw damage }
                // The snapshot holds all of it: the segment is needed only if that snapshot is lost.
                let why = reason.replacingOccurrences(of: "; " + RecordDamage.repairHint, with: "")
                result.coveredDamage.append("\(file) is damaged at byte \(offset) (\(why)); the snapshot at sequence \(keepAfter ?? 0) holds every record of it, so opening does not need it")
                result.segmentPaths.append(path)
                result.recordCount += Int(starts[index + 1] &- start)
                previousLast = starts[index + 1] &- 1
                continue
            }
            if let keepAfter { result.records.append(contentsOf: segment.records.lazy.filter { $0.sequence > keepAfter }) }
            result.segmentPaths.append(path)
            result.recordCount += Int(segment.lastSequence &- (start &- 1))
            result.lastSequence = segment.lastSequence
            result.lastSegmentValidEnd = segment.validEnd
            result.lastSegmentSize = bytes.count
            result.tornTail = segment.tornTail
            previousLast = segment.lastSequence
        }
        return result
    }

    var temporaryFiles: [String] {
        names.filter { $0.hasPrefix("journal-") && $0.hasSuffix(WorkspaceFileName.temporarySuffix) }
    }
}
