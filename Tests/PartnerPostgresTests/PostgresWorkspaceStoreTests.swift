import Foundation
import PartnerCore
@testable import PartnerPostgres
import PartnerStore
import Synchronization
import TestSupport
import Testing

/// The store of the shared mode against a real server: models built by real commands
/// survive the trip, clients see each other's commits, races are decided again under the
/// rules, snapshots (local cache and database) spare the replay, and a row whose actor
/// column disagrees with its record is refused.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct PostgresWorkspaceStoreTests {
    let conninfo: String
    let cache: TemporaryCache
    let world: WorldBuilder

    init() throws {
        conninfo = try PostgresTestServer.freshDatabase()
        cache = try TemporaryCache()
        world = try StoreWorlds.demo()
    }

    private func create(_ client: String = "a") throws -> PostgresWorkspaceStore {
        try PostgresWorkspaceStore.create(conninfo: conninfo, workspace: "ws", cacheDirectory: cache.other(client),
                                          actor: StoreWorlds.ana)
    }

    private func open(_ client: String) throws -> PostgresWorkspaceStore {
        try PostgresWorkspaceStore.open(conninfo: conninfo, workspace: "ws", cacheDirectory: cache.other(client),
                                        actor: StoreWorlds.ana)
    }

    /// `writers` threads at once, each with its own store of the workspace (own connections
    /// and cache, as separate clients have); returns what went wrong, one line a writer.
    private func concurrentWriters(_ writers: Int,
                                   _ body: @Sendable (Int, PostgresWorkspaceStore, OfferCatalog) throws -> Void) -> [String] {
        let conninfo = self.conninfo, cacheRoot = cache.path
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let store = try PostgresWorkspaceStore.open(conninfo: conninfo, workspace: "ws",
                                                            cacheDirectory: cacheRoot + "/writer\(writer)", actor: StoreWorlds.ana)
                try body(writer, store, try StoreWorlds.catalog())
            } catch {
                failures.withLock { $0.append("writer \(writer): \(error)") }
            }
        }
        return failures.withLock { $0 }
    }

    private func count(_ sql: String) throws -> Int64 {
        try PostgresConnection(conninfo).execute(sql).integer(row: 0, column: 0) ?? -1
    }

    @Test func aModelBuiltByRealCommandsRoundTrips() throws {
        let store = try create()
        #expect(store.lastSequence == 0 && store.readOnlyReason == nil && store.mayStoreSnapshots)
        for transaction in world.transactions.prefix(5) { try store.commit(transaction) }
        #expect(try store.commit(Array(world.transactions.dropFirst(5))) == UInt64(world.transactions.count))
        #expect(store.model == world.model)
        store.close()
        #expect(throws: StoreError.readOnly(reason: "the workspace was closed")) { try store.commit(world.transactions[0]) }

        let reopened = try open("b")
        #expect(reopened.model == world.model)
        #expect(reopened.openReport.source == .journal)
        #expect(reopened.openReport.replayedRecords == world.transactions.count)
        // Each row's actor column is the user inside its transaction (several users act in the demo).
        let rows = try PostgresConnection(conninfo).execute("SELECT actor FROM partnerdash_journal ORDER BY sequence")
        #expect((0..<rows.rowCount).map { rows.text(row: $0, column: 0) } == world.transactions.map(\.userPrincipalName))
        #expect(Set(world.transactions.map(\.userPrincipalName)).count > 1)

        #expect(throws: StoreError.invalidArgument("a workspace named ws already exists in that database")) { try create("c") }
        let missing = #expect(throws: StoreError.self) {
            try PostgresWorkspaceStore.open(conninfo: conninfo, workspace: "nope", cacheDirectory: cache.path, actor: StoreWorlds.ana)
        }
        #expect(missing?.description.contains("no workspace of that name") == true)
    }

    @Test func aCommitInOneStoreAppearsInTheOtherAfterRefresh() throws {
        let half = world.transactions.count / 2
        let a = try create()
        try a.commit(Array(world.transactions.prefix(half)))
        let b = try open("b")
        #expect(b.lastSequence == UInt64(half))
        #expect(try b.refresh() == false)
        #expect(try b.waitForChanges(upTo: .milliseconds(50)) == false)

        try a.commit(Array(world.transactions.dropFirst(half)))
        // The listener wakes at once; the deadline is only a bound.
        #expect(try b.waitForChanges(upTo: .seconds(20)))
        #expect(b.model != world.model, "waiting changes nothing")
        #expect(try b.refresh())
        #expect(b.model == world.model)
        #expect(b.lastSequence == a.lastSequence)
        #expect(try b.refresh() == false)

        // And the other way round, one notification after another.
        let (added, _) = try StoreWorlds.addCustomer("fromb", on: b.model, catalog: try StoreWorlds.catalog())
        try b.commit(added)
        #expect(try a.waitForChanges(upTo: .seconds(20)))
        #expect(try a.refresh())
        #expect(a.model == b.model)
        #expect(try a.waitForChanges(upTo: .milliseconds(50)) == false, "its own commits are not news to a store")
    }

    /// Both decided on the same model: the first append wins, the second is a conflict that
    /// changes nothing, and deciding again on the fresh model applies the domain rule.
    @Test func aRaceIsWonOnceAndTheLoserDecidesAgainUnderTheRules() throws {
        let catalog = try StoreWorlds.catalog()
        let a = try create()
        try a.commit(world.transactions)
        let b = try open("b")
        let before = b.model
        let (first, password) = try StoreWorlds.addCustomer("racecontoso", on: a.model, catalog: catalog)
        let (second, _) = try StoreWorlds.addCustomer("racecontoso", on: b.model, catalog: catalog)

        let last = UInt64(world.transactions.count)
        #expect(try a.commit(first) == last + 1)
        #expect(throws: StoreError.conflict(expected: last, actual: last + 1)) { try b.commit(second) }
        #expect(b.model == before, "a lost race applies nothing")

        var decisions = 0
        let refused = #expect(throws: DomainError.self) {
            try b.commit(deciding: { model in
                decisions += 1
                return [try StoreWorlds.addCustomer("racecontoso", on: model, catalog: catalog).transaction]
            })
        }
        #expect(refused?.field == "domainPrefix" && refused?.kind == .conflict, "\(String(describing: refused))")
        #expect(refused?.message.contains("racecontoso.onmicrosoft.com is already taken") == true)
        #expect(decisions == 2, "decided on its stale model first, then again on the winner's row that append brought back")
        #expect(b.model == a.model)
        #expect(StoreWorlds.customers(withPrefix: "racecontoso", in: b.model) == 1)

        // Another domain goes through on the fresh model.
        #expect(try b.commit(deciding: { [try StoreWorlds.addCustomer("otherdomain", on: $0, catalog: catalog).transaction] }) == last + 2)
        let fresh = try open("c")
        #expect(fresh.model == b.model)
        #expect(try count("SELECT count(*) FROM partnerdash_journal") == Int64(last + 2))
        // Rule 5: the temporary password is shown once and never stored.
        let rows = try PostgresConnection(conninfo).execute("SELECT payload FROM partnerdash_journal", result: .binary)
        #expect(!password.isEmpty)
        #expect((0..<rows.rowCount).allSatisfy { !(rows.bytes(row: $0, column: 0) ?? []).contains(Array(password.utf8)) })
    }

    /// Two writers on their own threads add the same ten domains at once: each domain is
    /// added exactly once, the other writer's attempt is refused by the rule, and every
    /// sequence number is used once.
    @Test func concurrentWritersAddEachContestedDomainOnce() throws {
        let seeded = try create()
        try seeded.commit(world.transactions)
        let base = seeded.lastSequence
        let domains = (0..<10).map { "contested\($0)" }
        let outcomes = Mutex<[String: [String]]>([:])
        let failures = concurrentWriters(2) { _, store, catalog in
            for domain in domains {
                let outcome: String
                do {
                    try store.commit(deciding: { [try StoreWorlds.addCustomer(domain, on: $0, catalog: catalog).transaction] },
                                     attempts: 100)
                    outcome = "added"
                } catch let error as DomainError where error.field == "domainPrefix" {
                    outcome = "taken"
                }
                outcomes.withLock { $0[domain, default: []].append(outcome) }
            }
        }
        #expect(failures == [])
        for domain in domains {
            #expect(outcomes.withLock { $0[domain]?.sorted() } == ["added", "taken"], "\(domain)")
        }
        let reader = try open("reader")
        #expect(reader.lastSequence == base + 10)
        for domain in domains { #expect(StoreWorlds.customers(withPrefix: domain, in: reader.model) == 1) }
        #expect(try count("SELECT count(DISTINCT sequence) FROM partnerdash_journal") == Int64(base + 10))
        #expect(try count("SELECT max(sequence) FROM partnerdash_journal") == Int64(base + 10))
    }

    /// Four writers on their own threads commit at once with a single attempt each: every
    /// writer takes the append lock before catching up, so none loses a race (a lost race
    /// with one attempt would be `tooManyConflicts`), and the rows are 1…n without a gap.
    @Test func writersThatTakeTheAppendLockNeverGiveUp() throws {
        let seeded = try create()
        try seeded.commit(world.transactions)
        let base = seeded.lastSequence
        let failures = concurrentWriters(4) { writer, store, catalog in
            for n in 0..<15 {
                try store.commit(deciding: { [try StoreWorlds.addCustomer("w\(writer)n\(n)", on: $0, catalog: catalog).transaction] },
                                 attempts: 1)
            }
        }
        #expect(failures == [])
        #expect(try count("SELECT count(DISTINCT sequence) FROM partnerdash_journal") == Int64(base + 60))
        #expect(try count("SELECT max(sequence) FROM partnerdash_journal") == Int64(base + 60))
        let reader = try open("reader")
        for writer in 0..<4 {
            #expect((0..<15).allSatisfy { StoreWorlds.customers(withPrefix: "w\(writer)n\($0)", in: reader.model) == 1 })
        }
    }

    /// A writer that loses every race gives up after the bounded number of attempts and says so.
    @Test func endlessConflictsEndInAClearError() throws {
        let catalog = try StoreWorlds.catalog()
        let a = try create()
        try a.commit(world.transactions)
        let b = try open("b")
        var attempt = 0
        let error = #expect(throws: PostgresStoreError.self) {
            try b.commit(deciding: { model in
                attempt += 1
                // Someone else appends between our catching up and our append, every time.
                try a.refresh()
                try a.commit(try StoreWorlds.addCustomer("other\(attempt)", on: a.model, catalog: catalog).transaction)
                return [try StoreWorlds.addCustomer("mine\(attempt)", on: model, catalog: catalog).transaction]
            }, attempts: 3)
        }
        let last = UInt64(world.transactions.count) + 3
        #expect(error == .tooManyConflicts(attempts: 3, workspace: "ws", lastSequence: last))
        #expect(error?.description.hasPrefix("gave up after 3 attempts") == true)
        #expect(attempt == 3)
        #expect(b.lastSequence == last - 1, "it caught up before its last decision, and wrote nothing")
        let stored = try open("c").model
        #expect((1...3).map { StoreWorlds.customers(withPrefix: "mine\($0)", in: stored) } == [0, 0, 0])
        #expect((1...3).map { StoreWorlds.customers(withPrefix: "other\($0)", in: stored) } == [1, 1, 1])
    }

    @Test func openingFromTheLocalCacheAndTheRowsAfterItEqualsTheFullReplay() throws {
        let half = world.transactions.count / 2
        let a = try create()
        try a.commit(Array(world.transactions.prefix(half)))
        let report = try a.checkpoint()
        #expect(report.sequence == UInt64(half) && report.storedInDatabase)
        let file = try #require(report.cacheFile)
        #expect(file.hasPrefix(a.cacheDirectory + "/snapshot-"))
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: a.cacheDirectory)[.posixPermissions] as? Int == 0o700)
        #expect(try a.checkpoint() == PostgresCheckpointReport(sequence: UInt64(half)), "nothing new, nothing written")
        try a.commit(Array(world.transactions.dropFirst(half)))
        a.close()

        // The same client again: its cache, then only the rows after it.
        let cached = try open("a")
        #expect(cached.openReport.source == .localCache(sequence: UInt64(half)))
        #expect(cached.openReport.replayedRecords == world.transactions.count - half)
        #expect(cached.model == world.model)

        // No snapshot anywhere: every row replayed gives the same model.
        try PostgresTestServer.psql(conninfo, "DELETE FROM partnerdash_snapshots")
        let replayed = try open("empty")
        #expect(replayed.openReport.source == .journal)
        #expect(replayed.openReport.replayedRecords == world.transactions.count)
        #expect(replayed.model == cached.model)

        // A damaged cache file is passed over, never fatal: the rows give the same model.
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let damaged = try open("a")
        #expect(damaged.openReport.source == .journal)
        #expect(damaged.openReport.skippedSnapshots.contains { $0.contains("checksum") }, "\(damaged.openReport.skippedSnapshots)")
        #expect(damaged.model == world.model)
    }

    /// A workspace dropped and created again under the same name is another workspace:
    /// the cache's snapshots of the old one are deleted, not used.
    @Test func theCacheOfAWorkspaceMadeAgainUnderTheSameNameIsNotUsed() throws {
        let catalog = try StoreWorlds.catalog()
        let old = try create()
        try old.commit(world.transactions)
        try old.commit(try StoreWorlds.addCustomer("oldworld", on: old.model, catalog: catalog).transaction)
        #expect(try old.checkpoint().cacheFile != nil)
        old.close()
        try PostgresTestServer.psql(conninfo, """
            DELETE FROM partnerdash_journal; DELETE FROM partnerdash_snapshots;
            DELETE FROM partnerdash_role_users; DELETE FROM partnerdash_workspaces;
            """)
        let again = try create("a")
        #expect(again.openReport.source == .journal, "the old cache is not this workspace's")
        try again.commit(world.transactions)
        try again.commit(try StoreWorlds.addCustomer("newworld", on: again.model, catalog: catalog).transaction)
        let reopened = try open("a")
        #expect(reopened.openReport.source == .journal)
        #expect(reopened.model == again.model)
        #expect(StoreWorlds.customers(withPrefix: "oldworld", in: reopened.model) == 0)
        #expect(try SnapshotFile.sequences(in: reopened.cacheDirectory).isEmpty)
    }

    @Test func aSnapshotInTheDatabaseSparesANewClientTheReplay() throws {
        let kept = world.transactions.count - 3
        let a = try create()
        try a.commit(Array(world.transactions.prefix(kept)))
        #expect(try a.checkpoint().storedInDatabase)
        try a.commit(Array(world.transactions.suffix(3)))

        let b = try open("fresh")
        #expect(b.openReport.source == .database(sequence: UInt64(kept)))
        #expect(b.openReport.replayedRecords == 3)
        #expect(b.model == world.model)
        // It keeps what it fetched: its next open reads the file.
        let again = try open("fresh")
        #expect(again.openReport.source == .localCache(sequence: UInt64(kept)))
        #expect(again.model == world.model)

        // A damaged snapshot row is passed over for the rows.
        try PostgresTestServer.psql(conninfo,
            "UPDATE partnerdash_snapshots SET payload = overlay(payload placing '\\xffff'::bytea from 200)")
        let c = try open("another")
        #expect(c.openReport.source == .journal)
        #expect(c.openReport.skippedSnapshots.contains { $0.contains("PostgreSQL snapshot \(kept)") }, "\(c.openReport.skippedSnapshots)")
        #expect(c.model == world.model)
    }

    /// The dashboard's checkpoint: due once enough journal bytes were applied, written on
    /// another thread (its own connection) while commits go on, collected by polling.
    @Test func aCheckpointOnAnotherThreadIsCachedAndStoredWhileCommitsGoOn() throws {
        let a = try create()
        #expect(try a.startCheckpoint() == false, "an empty workspace has nothing to write")
        try a.commit(Array(world.transactions.dropLast()))
        let covered = a.lastSequence
        #expect(a.journalBytesSinceCheckpoint > 0)
        #expect(!a.isCheckpointDue, "the demo world is far below 8 MiB")
        a.checkpointThresholdBytes = a.journalBytesSinceCheckpoint
        #expect(a.isCheckpointDue)
        #expect(try a.startCheckpoint())
        #expect(a.isCheckpointRunning && !a.isCheckpointDue)
        #expect(try a.startCheckpoint() == false, "one at a time")
        try a.commit(world.transactions.last!)
        a.waitUntilCheckpointWritten()
        let report = try #require(try a.pollCheckpoint())
        #expect(report.sequence == covered && report.storedInDatabase)
        #expect(report.cacheFile?.hasPrefix(a.cacheDirectory) == true)
        #expect(try a.pollCheckpoint() == nil && !a.isCheckpointRunning)
        #expect(a.model == world.model)

        let fresh = try open("fresh")
        #expect(fresh.openReport.source == .database(sequence: covered))
        #expect(fresh.openReport.replayedRecords == 1)
        let cached = try open("a")
        #expect(cached.openReport.source == .localCache(sequence: covered))
        #expect(cached.model == world.model)
    }

    /// A login role mapped to one user may read and keep a local cache, but not act as
    /// someone else nor store snapshots in the database.
    @Test func aRoleNotMappedToTheActorIsReadOnlyAndStoresNoSnapshot() throws {
        let a = try create()
        try a.commit(world.transactions)
        let owner = try PostgresConnection(conninfo)
        let role = "ben_\(UInt32.random(in: 0...UInt32.max))"
        try owner.execute("CREATE ROLE \(PostgresConnection.identifier(role)) LOGIN")
        try PostgresWorkspaces(connection: owner).map(role: role, to: "ben@contoso.example", in: "ws")
        let asBen = conninfo.split(separator: " ").map { $0.hasPrefix("user=") ? "user=\(role)" : String($0) }.joined(separator: " ")

        let store = try PostgresWorkspaceStore.open(conninfo: asBen, workspace: "ws", cacheDirectory: cache.other("ben"),
                                                    actor: StoreWorlds.ana)
        #expect(store.model == world.model)
        #expect(store.readOnlyReason == "PostgreSQL role \(role) may not act as \(StoreWorlds.ana) in workspace ws")
        #expect(throws: StoreError.readOnly(reason: store.readOnlyReason ?? "")) { try store.commit(world.transactions[0]) }
        #expect(!store.mayStoreSnapshots)
        let report = try store.checkpoint()
        #expect(report.cacheFile != nil && !report.storedInDatabase)
        #expect(try count("SELECT count(*) FROM partnerdash_snapshots") == 0)
    }

    /// The store looks up an append whose answer was lost: it is there, so it is
    /// acknowledged and applied once, not appended again.
    @Test func anAppendWhoseAnswerWasLostIsLookedUpAndAppliedOnce() throws {
        let a = try create()
        try a.commit(Array(world.transactions.dropLast()))
        var lostAnswers = 0
        a.afterAppendForTesting = {
            lostAnswers += 1
            if lostAnswers == 1 { throw PostgresError(message: "server closed the connection unexpectedly", sqlState: nil, connectionLost: true) }
        }
        #expect(try a.commit(world.transactions.last!) == UInt64(world.transactions.count))
        #expect(lostAnswers == 1, "looked up, not appended again")
        #expect(a.readOnlyReason == nil)
        #expect(a.model == world.model)
        #expect(try count("SELECT count(*) FROM partnerdash_journal") == Int64(world.transactions.count))
        #expect(try a.refresh() == false)
    }

    /// The connection lost again while that append is being looked up: whether it was
    /// stored is not known (`outcomeUnknown`, never a bare PostgresError a caller would take
    /// for "not written" and decide again), the model is unchanged, and the next refresh
    /// reads the append, once.
    @Test func anAppendWhoseLookupIsLostToo() throws {
        let a = try create()
        try a.commit(Array(world.transactions.dropLast()))
        let lost = PostgresError(message: "server closed the connection unexpectedly", sqlState: nil, connectionLost: true)
        var lostAnswers = 0
        a.afterAppendForTesting = {
            lostAnswers += 1
            if lostAnswers == 1 { throw lost }
        }
        a.beforeLookupForTesting = { throw lost }
        let last = UInt64(world.transactions.count)
        #expect(throws: PostgresStoreError.outcomeUnknown(workspace: "ws", sequence: last,
                                                          reason: "PostgreSQL unreachable: \(lost.message)")) {
            try a.commit(world.transactions.last!)
        }
        #expect(a.lastSequence == last - 1, "not applied while unknown")
        a.beforeLookupForTesting = nil
        #expect(try a.refresh())
        #expect(a.model == world.model)
        #expect(try count("SELECT count(*) FROM partnerdash_journal") == Int64(last))
        #expect(lostAnswers == 1)
    }

    /// "A reader checks the actor column": a row inserted behind partnerdash_append's back
    /// (as a superuser may) whose actor is not the user inside its record is refused.
    @Test func aRowWhoseActorColumnDisagreesWithItsRecordIsRefused() throws {
        let a = try create()
        try a.commit(world.transactions)
        let b = try open("b")
        let last = world.transactions.count
        try PostgresTestServer.psql(conninfo, """
            INSERT INTO partnerdash_journal (workspace, sequence, record_type, payload, actor, appended_by)
            SELECT workspace, sequence + 1, record_type, payload, 'mallory@evil.example', 'postgres'
            FROM partnerdash_journal WHERE workspace = 'ws' AND sequence = \(last)
            """)
        let refused = #expect(throws: StoreError.self) { try b.refresh() }
        guard case let .corrupt(file, offset, reason) = refused else {
            Issue.record("expected corrupt, got \(String(describing: refused))")
            return
        }
        #expect(file.contains("partnerdash_journal") && offset == Int64(last + 1))
        #expect(reason.contains("actor column says mallory@evil.example"), "\(reason)")
        #expect(b.model == world.model, "nothing of that read is applied")
        #expect(throws: StoreError.self) { try open("c") }
    }
}

/// A server of the test's own, stopped and restarted under a store (the shared test
/// server cannot be: other tests use it at the same time).
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct PostgresWorkspaceStoreRestartTests {
    @Test func aServerRestartLosesNothingAndAppliesNothingTwice() throws {
        let cluster = try PostgresPrivateCluster()
        defer { cluster.shutDown() }
        let cache = try TemporaryCache()
        let world = try StoreWorlds.demo()
        let chunks = world.transactions.chunked(max(1, world.transactions.count / 5))
        #expect(chunks.count >= 5)
        let store = try PostgresWorkspaceStore.create(conninfo: cluster.conninfo, workspace: "ws",
                                                      cacheDirectory: cache.path, actor: StoreWorlds.ana)
        try store.commit(chunks[0])
        let watcher = try PostgresWorkspaceStore.open(conninfo: cluster.conninfo, workspace: "ws",
                                                      cacheDirectory: cache.path + "/watcher", actor: StoreWorlds.ana)
        #expect(try watcher.waitForChanges(upTo: .milliseconds(50)) == false, "listening from now on")

        // Restarted between two commits: the next commit reconnects by itself…
        try cluster.restart()
        try store.commit(chunks[1])
        #expect(store.readOnlyReason == nil)
        // …and a waiting client whose listening connection was cut still hears of it.
        #expect(try watcher.waitForChanges(upTo: .seconds(20)))
        #expect(try watcher.refresh() && watcher.model == store.model)

        // Stopped: read-only, saying why; nothing is applied.
        try cluster.stop()
        let before = store.model
        #expect(try store.refresh() == false)
        let reason = try #require(store.readOnlyReason)
        #expect(reason.hasPrefix("PostgreSQL unreachable: "), "\(reason)")
        #expect(store.isReadOnly)
        #expect(try watcher.waitForChanges(upTo: .milliseconds(300)) == false, "nothing to hear from a stopped server")
        #expect(watcher.readOnlyReason?.hasPrefix("PostgreSQL unreachable: ") == true)
        #expect(throws: StoreError.readOnly(reason: reason)) { try store.commit(chunks[2]) }
        #expect(throws: StoreError.self) { try store.commit(deciding: { _ in chunks[2] }) }
        #expect(store.model == before)
        #expect(try store.checkpoint().storedInDatabase == false, "the local cache is written all the same")

        // Back: the next call reconnects and clears the reason.
        try cluster.start()
        #expect(try store.refresh() == false)
        #expect(store.readOnlyReason == nil)
        try store.commit(deciding: { _ in chunks[2] })

        // Stopped before a commit it has not noticed: the outcome is unknown, nothing applied…
        try cluster.stop()
        let unknown = #expect(throws: PostgresStoreError.self) { try store.commit(chunks[3]) }
        guard case .outcomeUnknown = unknown else {
            Issue.record("expected outcomeUnknown, got \(String(describing: unknown))")
            return
        }
        #expect(store.isReadOnly)
        try cluster.start()
        // …and it was not stored (the connection broke before it was sent), so it goes again.
        #expect(try store.refresh() == false)
        for chunk in chunks.dropFirst(3) { try store.commit(chunk) }
        #expect(store.model == world.model)

        let rows = try PostgresConnection(cluster.conninfo).execute(
            "SELECT count(*), count(DISTINCT sequence), max(sequence) FROM partnerdash_journal")
        let total = Int64(world.transactions.count)
        #expect(rows.integer(row: 0, column: 0) == total && rows.integer(row: 0, column: 1) == total
                    && rows.integer(row: 0, column: 2) == total)
        let other = try PostgresWorkspaceStore.open(conninfo: cluster.conninfo, workspace: "ws",
                                                    cacheDirectory: cache.path + "/other", actor: StoreWorlds.ana)
        #expect(other.model == world.model)
    }
}
