import PartnerCore
import PartnerStore

/// A workspace copied from a directory whose journal no longer starts at 1 (made by `gen`,
/// or checkpointed: the older records live only in a snapshot) starts its journal in
/// PostgreSQL with a **base row**: the snapshot file itself, at its sequence, record type 0,
/// no actor. The records after it follow as usual, so the next append is simply the next
/// sequence. A reader that replays from nothing starts from the base row's model; one that
/// starts from a snapshot at or after it never reads it.
public enum PostgresJournalBase {
    public static let recordType: UInt8 = 0

    /// Appends the base snapshot (a whole snapshot file's bytes, covering `sequence`) and
    /// the records after it to an empty journal, in one database transaction: all of them
    /// or none. Needs a role mapped to '*'.
    public static func start(_ journal: PostgresJournal, connection: PostgresConnection, snapshot: [UInt8], sequence: UInt64,
                             records: [JournalEntry], actors: [String]) throws {
        let base: () throws -> Void = {
            _ = try connection.execute("SELECT partnerdash_append_base($1, $2, $3)",
                                       [.text(journal.workspace), .integer(Int64(sequence)), .bytes(snapshot)])
        }
        guard !records.isEmpty else {
            try base()  // one statement: a transaction of its own
            return
        }
        // The append lock's transaction holds the base row and the records; appending commits it.
        guard let written = try journal.takeAppendLock(readingAfter: 0) else {
            throw StoreError.locked("another writer holds workspace \(journal.workspace)'s append lock; copy again")
        }
        guard written.isEmpty else {
            journal.releaseAppendLock()
            throw StoreError.conflict(expected: 0, actual: written.last?.record.sequence ?? 0)
        }
        do {
            try base()
        } catch {
            journal.releaseAppendLock()
            throw error
        }
        _ = try journal.append(records, actors: actors, expectedLastSequence: sequence)
    }

    /// The model a base row holds, checked as a snapshot is (header, checksums, the
    /// sequence it covers).
    public static func model(of record: JournalRecord, workspace: String) throws -> PartnerModel {
        let source = "partnerdash_journal (workspace \(workspace)) base snapshot at \(record.sequence)"
        let snapshot = try SnapshotFile.read(bytes: record.payload, source: source, readableVersions: ModelCodec.readableVersions)
        guard snapshot.sequence == record.sequence else {
            throw StoreError.corrupt(file: source, offset: 8, reason: "its header covers sequence \(snapshot.sequence)")
        }
        return try PostgresWorkspaceStore.decodeModel(snapshot)
    }
}
