/// What opening a workspace found and did, for the status line and `partnerdash check`.
public struct StoreRecovery: Sendable, Equatable {
    public var journal: JournalRecovery
    /// The snapshot the model was loaded from, if any.
    public var snapshotSequence: UInt64?
    /// Newer snapshots passed over because they are damaged (left on disk untouched).
    public var skippedSnapshots: [String]
    /// Journal records replayed on top of the snapshot.
    public var replayedRecords: Int
    public var removedTemporaryFiles: [String]

    public init(journal: JournalRecovery = JournalRecovery(), snapshotSequence: UInt64? = nil,
                skippedSnapshots: [String] = [], replayedRecords: Int = 0, removedTemporaryFiles: [String] = []) {
        self.journal = journal
        self.snapshotSequence = snapshotSequence
        self.skippedSnapshots = skippedSnapshots
        self.replayedRecords = replayedRecords
        self.removedTemporaryFiles = removedTemporaryFiles
    }

    /// Nothing was repaired or passed over.
    public var isClean: Bool {
        journal.truncatedBytes == 0 && skippedSnapshots.isEmpty && journal.damageCoveredBySnapshot.isEmpty
    }

    /// One line per thing worth telling the user.
    public var notes: [String] {
        var notes: [String] = []
        if let file = journal.truncatedFile {
            notes.append("set aside \(journal.truncatedBytes) bytes of an unfinished write at the end of \(file) (byte \(journal.truncatedAtOffset)), kept in \(journal.savedTornTails.joined(separator: ", ")): a change that was never confirmed")
        }
        notes += journal.damageCoveredBySnapshot
        for skipped in skippedSnapshots {
            notes.append("used an older snapshot because \(skipped)")
        }
        return notes
    }
}
