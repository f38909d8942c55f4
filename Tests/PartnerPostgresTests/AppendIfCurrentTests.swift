import Foundation
import PartnerCore
@testable import PartnerPostgres
import PartnerStore
import TestSupport
import Testing

/// The append that holds the lock for one server-side step (`partnerdash_append_after`,
/// `PostgresJournal.appendIfCurrent`) and the decisions made before any lock
/// (`PostgresWorkspaceStore.commit(deciding:)`): a writer behind the journal writes
/// nothing and gets the rows it missed, a decision made on a stale model is made again on
/// them, and the database still checks who acts.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct AppendIfCurrentTests {
    let conninfo: String
    let cache: TemporaryCache
    let world: WorldBuilder

    init() throws {
        conninfo = try PostgresTestServer.freshDatabase()
        cache = try TemporaryCache()
        world = try StoreWorlds.demo()
    }

    private func entry(_ byte: UInt8) -> JournalEntry { JournalEntry(type: 2, payload: [byte, byte, 0, 255]) }

    private func store(_ client: String, creating: Bool = false) throws -> PostgresWorkspaceStore {
        creating
            ? try PostgresWorkspaceStore.create(conninfo: conninfo, workspace: "ws", cacheDirectory: cache.other(client), actor: StoreWorlds.ana)
            : try PostgresWorkspaceStore.open(conninfo: conninfo, workspace: "ws", cacheDirectory: cache.other(client), actor: StoreWorlds.ana)
    }

    /// The demo world committed by `a`; `b` opened after it (and so stale once `a` writes again).
    private func twoClients() throws -> (a: PostgresWorkspaceStore, b: PostgresWorkspaceStore) {
        let a = try store("a", creating: true)
        try a.commit(world.transactions)
        return (a, try store("b"))
    }

    private func count(_ sql: String) throws -> Int64 {
        try PostgresConnection(conninfo).execute(sql).integer(row: 0, column: 0) ?? -1
    }

    @Test func aWriterBehindGetsTheRowsItMissedAndWritesNothing() throws {
        let owner = try PostgresConnection(conninfo)
        try PostgresWorkspaces(connection: owner).create("ws")
        let first = try PostgresJournal(connection: owner, workspace: "ws", actor: StoreWorlds.ana)
        let second = try PostgresJournal(connection: try PostgresConnection(conninfo), workspace: "ws", actor: StoreWorlds.ana)
        guard case .appended(let one) = try first.appendIfCurrent(entry(1), actor: StoreWorlds.ana, after: 0) else {
            Issue.record("the first append at an empty journal was not stored")
            return
        }
        #expect(one == 1)
        guard case .appended(2) = try first.appendIfCurrent(entry(2), actor: StoreWorlds.ana, after: 1) else {
            Issue.record("the second append was not stored")
            return
        }
        guard case .behind(let missed) = try second.appendIfCurrent(entry(9), actor: StoreWorlds.ana, after: 0) else {
            Issue.record("a writer behind the journal appended")
            return
        }
        #expect(missed.map(\.record.sequence) == [1, 2])
        #expect(missed.map(\.record.payload) == [entry(1).payload, entry(2).payload])
        #expect(missed.allSatisfy { $0.actor == StoreWorlds.ana })
        #expect(try first.records(after: 0).map(\.payload) == [entry(1).payload, entry(2).payload], "nothing of the refused append")
        // Caught up, it appends; ahead of the journal (a gap) is a conflict.
        guard case .appended(3) = try second.appendIfCurrent(entry(9), actor: StoreWorlds.ana, after: 2) else {
            Issue.record("the caught-up append was not stored")
            return
        }
        #expect(throws: StoreError.conflict(expected: 5, actual: 3)) {
            try first.appendIfCurrent(entry(5), actor: StoreWorlds.ana, after: 5)
        }
        #expect(try count("SELECT count(*) FROM partnerdash_journal") == 3)
    }

    /// The function takes the same advisory lock as a client holding the append lock, or
    /// the two kinds of writer would not wait for each other.
    @Test func theDatabaseHashesTheLockKeyAsTheClientDoes() throws {
        let owner = try PostgresConnection(conninfo)
        try PostgresWorkspaces(connection: owner).install()
        for name in ["ws", "default", "", "contoso-ops", "Zürich ✓ 東京", String(repeating: "x", count: 300)] {
            let key = try owner.execute("SELECT partnerdash_append_lock_key($1)", [.text(name)]).integer(row: 0, column: 0)
            #expect(key == Int64(PostgresJournal.appendLockKey(name)), "\(name)")
        }
    }

    /// A role mapped to ben, through raw SQL on the new function, cannot append as ana.
    @Test func aRoleMappedToOneUserCannotAppendAsAnotherThroughTheNewFunction() throws {
        let owner = try PostgresConnection(conninfo)
        try PostgresWorkspaces(connection: owner).create("ws")
        let role = "ben_\(UInt32.random(in: 0...UInt32.max))"
        try owner.execute("CREATE ROLE \(PostgresConnection.identifier(role)) LOGIN")
        try PostgresWorkspaces(connection: owner).map(role: role, to: "ben@contoso.example", in: "ws")
        let ben = try PostgresConnection(conninfo.split(separator: " ").map { $0.hasPrefix("user=") ? "user=\(role)" : String($0) }
            .joined(separator: " "))
        #expect(try ben.sessionUser() == role)
        let raw = #expect(throws: PostgresError.self) {
            try ben.execute("SELECT * FROM partnerdash_append_after('ws', 0, 2::smallint, '\\x00'::bytea, 'ana@contoso.example')")
        }
        #expect(raw?.sqlState == "42501" && raw?.message.contains("may not act as ana@contoso.example") == true)
        let asAna = try PostgresJournal(connection: ben, workspace: "ws", actor: "ana@contoso.example")
        #expect(throws: PostgresError.self) { try asAna.appendIfCurrent(entry(1), actor: "ana@contoso.example", after: 0) }
        // As ben it may.
        guard case .appended(1) = try asAna.appendIfCurrent(entry(1), actor: "ben@contoso.example", after: 0) else {
            Issue.record("ben's own append was not stored")
            return
        }
        #expect(try count("SELECT count(*) FROM partnerdash_journal WHERE actor = 'ana@contoso.example'") == 0)
        #expect(try count("SELECT count(*) FROM partnerdash_journal WHERE appended_by = '\(role)'") == 1)
    }

    /// A decision made before any lock on a model another writer changed meanwhile is
    /// made again on the rows that append brought back, and refused there by the rule.
    @Test func aStaleDecisionIsMadeAgainOnTheRowsItMissedAndRefusedByTheRule() throws {
        let catalog = try StoreWorlds.catalog()
        let (a, b) = try twoClients()
        let stale = b.lastSequence
        try a.commit(deciding: { [try StoreWorlds.addCustomer("racefabrikam", on: $0, catalog: catalog).transaction] })
        var seen: [UInt64] = []
        let refused = #expect(throws: DomainError.self) {
            try b.commit(deciding: { model in
                seen.append(model.lastSequence)
                return [try StoreWorlds.addCustomer("racefabrikam", on: model, catalog: catalog).transaction]
            })
        }
        #expect(refused?.field == "domainPrefix" && refused?.kind == .conflict, "\(String(describing: refused))")
        #expect(seen == [stale, stale + 1], "decided first on the stale model, then on the row it missed")
        #expect(b.model == a.model)
        #expect(StoreWorlds.customers(withPrefix: "racefabrikam", in: try store("c").model) == 1)
    }

    /// A writer whose one-round-trip append found it behind catches up from the rows that
    /// came back and appends after them: the other writer's change is kept and applied
    /// once, and its own follows it.
    @Test func anAppendFoundBehindCatchesUpAndAppendsAfterTheOthers() throws {
        let catalog = try StoreWorlds.catalog()
        let (a, b) = try twoClients()
        let stale = b.lastSequence
        try a.commit(deciding: { [try StoreWorlds.addCustomer("first", on: $0, catalog: catalog).transaction] })
        try a.commit(deciding: { [try StoreWorlds.addCustomer("second", on: $0, catalog: catalog).transaction] })
        var seen: [UInt64] = []
        let last = try b.commit(deciding: { model in
            seen.append(model.lastSequence)
            return [try StoreWorlds.addCustomer("third", on: model, catalog: catalog).transaction]
        })
        #expect(seen == [stale, stale + 2])
        #expect(last == stale + 3 && b.lastSequence == stale + 3)
        try a.refresh()
        #expect(a.model == b.model)
        let fresh = try store("c")
        #expect(fresh.model == b.model)
        for prefix in ["first", "second", "third"] { #expect(StoreWorlds.customers(withPrefix: prefix, in: fresh.model) == 1) }
        #expect(try count("SELECT count(DISTINCT sequence) FROM partnerdash_journal") == Int64(stale + 3))
    }

    /// Once others' rows came in during a commit, the next one takes the append lock at
    /// once (one decision, on the rows read under it); once a commit meets no one else's,
    /// the next decides before the lock again.
    @Test func aWriterThatMetOthersDecidesUnderTheLockNextTime() throws {
        let catalog = try StoreWorlds.catalog()
        let (a, b) = try twoClients()
        let add = { (prefix: String, store: PostgresWorkspaceStore) -> [UInt64] in
            var seen: [UInt64] = []
            try store.commit(deciding: { model in
                seen.append(model.lastSequence)
                return [try StoreWorlds.addCustomer(prefix, on: model, catalog: catalog).transaction]
            })
            return seen
        }
        let stale = b.lastSequence
        _ = try add("one", a)
        #expect(try add("two", b) == [stale, stale + 1])
        #expect(b.othersAppendedDuringLastCommit)
        _ = try add("three", a)
        #expect(try add("four", b) == [stale + 3], "decided once, under the lock, after a's row")
        #expect(b.othersAppendedDuringLastCommit)
        #expect(try add("five", b) == [stale + 4])
        #expect(!b.othersAppendedDuringLastCommit)
        _ = try add("six", a)
        #expect(try add("seven", b) == [stale + 5, stale + 6], "before the lock again")
    }

    /// A refusal decided on a model not read in this call is not taken as the answer: the
    /// store catches up and decides again, and there the change is allowed.
    @Test func aRefusalOnAStaleModelIsDecidedAgainOnTheLatest() throws {
        let catalog = try StoreWorlds.catalog()
        let (a, b) = try twoClients()
        let stale = b.lastSequence
        try a.commit(deciding: { [try StoreWorlds.addCustomer("needed", on: $0, catalog: catalog).transaction] })
        var seen: [UInt64] = []
        let last = try b.commit(deciding: { model in
            seen.append(model.lastSequence)
            // Allowed only once the other writer's customer is there.
            guard StoreWorlds.customers(withPrefix: "needed", in: model) == 1 else {
                throw DomainError(.notFound, field: "customer", "needed is not there yet")
            }
            return [try StoreWorlds.addCustomer("after", on: model, catalog: catalog).transaction]
        })
        #expect(seen == [stale, stale + 1])
        #expect(last == stale + 2)
    }

    /// A database whose functions an older partnerdash installed (no
    /// `partnerdash_append_after`) is still written to, through the append lock.
    @Test func aDatabaseWithoutTheNewFunctionIsWrittenThroughTheLock() throws {
        let catalog = try StoreWorlds.catalog()
        let a = try store("a", creating: true)
        try a.commit(world.transactions)
        try PostgresConnection(conninfo).execute(
            "DROP FUNCTION partnerdash_append_after(text, bigint, smallint, bytea, text)")
        let last = try a.commit(deciding: { [try StoreWorlds.addCustomer("oldserver", on: $0, catalog: catalog).transaction] })
        #expect(last == UInt64(world.transactions.count) + 1)
        #expect(StoreWorlds.customers(withPrefix: "oldserver", in: try store("c").model) == 1)
        // Installing again (as `init` of any workspace in that database does) brings it back.
        try PostgresWorkspaces(connection: try PostgresConnection(conninfo)).install()
        let b = try store("b")
        #expect(try b.commit(deciding: { [try StoreWorlds.addCustomer("upgraded", on: $0, catalog: catalog).transaction] }) == last + 1)
    }
}
