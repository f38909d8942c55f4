import PartnerPostgres
import PartnerStore
import TestSupport
import Testing

/// The journal as rows: conditional appends that conflict instead of interleaving,
/// reads after a sequence, wake-ups, and identity that the database enforces.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct PostgresJournalTests {
    let conninfo: String
    let owner: PostgresConnection

    init() throws {
        conninfo = try PostgresTestServer.freshDatabase()
        owner = try PostgresConnection(conninfo)
        try PostgresWorkspaces(connection: owner).create("ws")
    }

    private func entry(_ byte: UInt8) -> JournalEntry { JournalEntry(type: 2, payload: [byte, byte, 0, 255]) }

    @Test func appendsAreReadBackInOrderAfterAnySequence() throws {
        let journal = try PostgresJournal(connection: owner, workspace: "ws", actor: "ana@contoso.example")
        #expect(journal.lastSequence == 0)
        #expect(try journal.append([entry(1)], expectedLastSequence: 0) == 1)
        #expect(try journal.append([entry(2), entry(3)], expectedLastSequence: 1) == 3)
        #expect(try journal.records(after: 0).map(\.sequence) == [1, 2, 3])
        #expect(try journal.records(after: 1).map(\.payload) == [entry(2).payload, entry(3).payload])
        #expect(try journal.records(after: 3).isEmpty)
        // Another process opening the same workspace starts where the table ends.
        let other = try PostgresJournal(connection: try PostgresConnection(conninfo), workspace: "ws", actor: "ana@contoso.example")
        #expect(other.lastSequence == 3)
        #expect(try journal.actors(after: 0) == [1: "ana@contoso.example", 2: "ana@contoso.example", 3: "ana@contoso.example"])
    }

    @Test func aWriterBehindTheTableGetsAConflictAndWritesNothing() throws {
        let first = try PostgresJournal(connection: owner, workspace: "ws", actor: "ana@contoso.example")
        let second = try PostgresJournal(connection: try PostgresConnection(conninfo), workspace: "ws", actor: "ana@contoso.example")
        _ = try first.append([entry(1)], expectedLastSequence: 0)
        let conflict = #expect(throws: StoreError.self) { try second.append([entry(9), entry(9)], expectedLastSequence: 0) }
        #expect(conflict == .conflict(expected: 0, actual: 1))
        // Nothing of the refused append is there: not even its first record.
        #expect(try first.records(after: 0).map(\.payload) == [entry(1).payload])
        // Caught up, it appends.
        _ = try second.records(after: 0)
        #expect(try second.append([entry(9)], expectedLastSequence: 1) == 2)
        // A gap is refused as well: a record must be the next one.
        #expect(throws: StoreError.self) { try first.append([entry(5)], expectedLastSequence: 5) }
    }

    @Test func anAppendWakesListenersWithItsLastSequence() throws {
        let journal = try PostgresJournal(connection: owner, workspace: "ws", actor: "ana@contoso.example")
        let listener = try PostgresConnection(conninfo)
        try listener.listen(PostgresSchema.notifyChannel)
        _ = try journal.append([entry(1), entry(2)], expectedLastSequence: 0)
        var heard: [PostgresNotification] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while heard.count < 2, ContinuousClock.now < deadline { heard += try listener.notifications(waitingUpTo: .seconds(1)) }
        #expect(heard.map(\.payload) == ["ws 1", "ws 2"])
    }

    /// A role mapped to ben, using raw SQL, cannot append a record acting as ana.
    @Test func aRoleMappedToOneUserCannotAppendAsAnother() throws {
        let role = "ben_\(UInt32.random(in: 0...UInt32.max))"
        try owner.execute("CREATE ROLE \(PostgresConnection.identifier(role)) LOGIN")
        try PostgresWorkspaces(connection: owner).map(role: role, to: "ben@contoso.example", in: "ws")
        let ben = try PostgresConnection(conninfo.replacingUser(with: role))
        #expect(try ben.sessionUser() == role)
        #expect(try PostgresWorkspaces(connection: ben).actorsOfSessionRole(in: "ws") == ["ben@contoso.example"])

        let asAna = try PostgresJournal(connection: ben, workspace: "ws", actor: "ana@contoso.example")
        let refused = #expect(throws: PostgresError.self) { try asAna.append([entry(1)], expectedLastSequence: 0) }
        #expect(refused?.sqlState == "42501" && refused?.message.contains("may not act as ana@contoso.example") == true)
        let raw = #expect(throws: PostgresError.self) {
            try ben.execute("INSERT INTO partnerdash_journal (workspace, sequence, record_type, payload, actor, appended_by) VALUES ('ws', 1, 2, '\\x00', 'ana@contoso.example', 'postgres')")
        }
        #expect(raw?.sqlState == "42501", "permission denied on the table itself")
        #expect(throws: PostgresError.self) { try ben.execute("SELECT partnerdash_append('ws', 1, 2::smallint, '\\x00'::bytea, 'ana@contoso.example')") }
        #expect(throws: PostgresError.self) { try ben.execute("DELETE FROM partnerdash_role_users") }
        #expect(try owner.execute("SELECT count(*) FROM partnerdash_journal").integer(row: 0, column: 0) == 0)

        let asBen = try PostgresJournal(connection: ben, workspace: "ws", actor: "ben@contoso.example")
        #expect(try asBen.append([entry(1)], expectedLastSequence: 0) == 1)
        #expect(try owner.execute("SELECT appended_by::text, actor FROM partnerdash_journal").text(row: 0, column: 0) == role)
    }
}

extension String {
    /// The same conninfo, logging in as another role.
    fileprivate func replacingUser(with role: String) -> String {
        split(separator: " ").map { $0.hasPrefix("user=") ? "user=\(role)" : String($0) }.joined(separator: " ")
    }
}

/// Snapshots in the database: the two newest are kept, and only a trusted role stores one.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct PostgresSnapshotTests {
    @Test func theTwoNewestAreKeptAndOnlyATrustedRoleStoresThem() throws {
        let conninfo = try PostgresTestServer.freshDatabase()
        let owner = try PostgresConnection(conninfo)
        try PostgresWorkspaces(connection: owner).create("ws")
        let snapshots = PostgresSnapshots(connection: owner, workspace: "ws")
        #expect(try snapshots.newestSequence() == nil)
        for sequence in [10, 20, 30] as [UInt64] { try snapshots.store([UInt8(sequence), 0, 255], covering: sequence) }
        #expect(try snapshots.newestSequence() == 30)
        #expect(try snapshots.newestFirst().map(\.sequence) == [30, 20])
        #expect(try snapshots.newestFirst().first?.bytes == [30, 0, 255])

        let role = "reader_\(UInt32.random(in: 0...UInt32.max))"
        try owner.execute("CREATE ROLE \(PostgresConnection.identifier(role)) LOGIN")
        try PostgresWorkspaces(connection: owner).map(role: role, to: "ben@contoso.example", in: "ws")
        let reader = try PostgresConnection(conninfo.split(separator: " ")
            .map { $0.hasPrefix("user=") ? "user=\(role)" : String($0) }.joined(separator: " "))
        let refused = #expect(throws: PostgresError.self) {
            try PostgresSnapshots(connection: reader, workspace: "ws").store([1], covering: 40)
        }
        #expect(refused?.sqlState == "42501")
        #expect(try PostgresSnapshots(connection: reader, workspace: "ws").newestSequence() == 30, "reading is for every role")
    }
}
