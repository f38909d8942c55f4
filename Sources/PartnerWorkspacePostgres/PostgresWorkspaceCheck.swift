import Foundation
import PartnerCore
import PartnerPostgres
import PartnerStore

/// `partnerdash check` for a workspace in PostgreSQL: every row of its journal read and
/// decoded, numbered 1, 2, 3… without a gap, each row's actor column equal to the user
/// inside its record, the whole journal replayed from nothing, and every snapshot stored
/// in the database equal to the replay at its sequence. Changes nothing, takes no lock.
public struct PostgresWorkspaceCheck {
    public var workspace: String
    public var lastSequence: UInt64 = 0
    public var lines: [String] = []
    public var warnings: [String] = []
    public var problems: [String] = []
    /// The replayed model, when the journal could be read (also with problems in snapshots).
    public var model: PartnerModel?
    /// The records in order, as read (for `copy`); a base snapshot first when `baseSequence` is set.
    public var records: [(record: JournalRecord, actor: String)] = []
    /// The sequence of the base snapshot the journal begins with, if it begins with one.
    public var baseSequence: UInt64?
    public var isHealthy: Bool { problems.isEmpty }

    public static func run(conninfo: String, workspace: String) throws -> PostgresWorkspaceCheck {
        var check = PostgresWorkspaceCheck(workspace: workspace)
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(conninfo)
        } catch {
            throw PostgresStoreError.unreachable(error.message)
        }
        guard try PostgresWorkspaces(connection: connection).exists(workspace) else {
            throw StoreError.notAWorkspace(path: "PostgreSQL workspace \(workspace)", reason: "the database has no workspace of that name")
        }
        let journal = try PostgresJournal(connection: connection, workspace: workspace, actor: "")
        check.records = try journal.recordsWithActors(after: 0)
        let snapshots = PostgresSnapshots(connection: connection, workspace: workspace)
        let stored = Set(try snapshots.sequencesNewestFirst())
        var model = PartnerModel()
        var expected: UInt64 = 1
        var rows = check.records[...]
        // A workspace copied from a folded directory begins with its base snapshot (`PostgresJournalBase`).
        if let (base, _) = rows.first, base.type == PostgresJournalBase.recordType {
            do {
                model = try PostgresJournalBase.model(of: base, workspace: workspace)
                check.baseSequence = base.sequence
                check.lines.append("partnerdash_journal: begins with a base snapshot at sequence \(base.sequence) "
                    + "(a copy of a workspace whose older records live only in a snapshot)")
                expected = base.sequence + 1
                rows = rows.dropFirst()
            } catch {
                check.problems.append("partnerdash_journal base snapshot at \(base.sequence): \(error)")
                rows = []
            }
        }
        for (record, actor) in rows {
            guard record.sequence == expected else {
                check.problems.append("partnerdash_journal: record \(expected) is missing (the next one is \(record.sequence))")
                break
            }
            let transactions: [Transaction]
            do {
                transactions = try ModelCodec.decodeTransactions(record)
            } catch {
                check.problems.append("partnerdash_journal record \(record.sequence): does not decode: \(error)")
                break
            }
            if let other = transactions.first(where: { $0.userPrincipalName != actor }) {
                check.problems.append("partnerdash_journal record \(record.sequence): the actor column says \(actor) "
                    + "but the record was done by \(other.userPrincipalName.isEmpty ? "nobody" : other.userPrincipalName)")
            }
            model.apply(transactions, sequence: record.sequence)
            expected += 1
            if stored.contains(record.sequence) {
                check.lines.append(try compare(snapshots, at: record.sequence, with: model, problems: &check.problems))
            }
        }
        check.lastSequence = model.lastSequence
        for sequence in stored.sorted() where sequence > model.lastSequence {
            check.problems.append("snapshot \(sequence): covers more than the journal, which ends at \(model.lastSequence)")
        }
        check.lines.insert("PostgreSQL workspace \(workspace): \(check.records.count) journal rows, "
            + "\(stored.count) stored snapshot(s)", at: 0)
        if check.problems.isEmpty { check.model = model }
        return check
    }

    private static func compare(_ snapshots: PostgresSnapshots, at sequence: UInt64, with model: PartnerModel,
                                problems: inout [String]) throws -> String {
        let source = "PostgreSQL snapshot \(sequence)"
        guard let bytes = try snapshots.bytes(at: sequence) else { return "\(source): gone while reading" }
        do {
            let snapshot = try SnapshotFile.read(bytes: bytes, source: source, readableVersions: ModelCodec.readableVersions)
            var reader = snapshot.payloadReader()
            let stored = try ModelCodec.decodeModel(&reader, version: snapshot.formatVersion)
            guard stored == model else {
                problems.append("\(source): differs from the journal replayed up to \(sequence)")
                return "\(source): DIFFERS from the replay"
            }
            return "\(source): equals the replay"
        } catch {
            problems.append("\(source): \(error)")
            return "\(source): unreadable"
        }
    }
}
