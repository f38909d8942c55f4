import Foundation
import PartnerCore
@testable import PartnerPostgres
import PartnerStore
import TestSupport
import Testing

/// The append lock's transaction commits asynchronously, so the lock goes before the WAL
/// flush, and the writer waits for the flush afterwards (STORE.md › Appending): a change
/// is acknowledged only once it is on disk, and a client that read a record the server
/// then lost does not go on from it. Each on a server of the test's own, crashed or
/// restarted under the store.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct DurabilityWaitTests {
    /// The server crashes between the asynchronous COMMIT and the wait for its flush: the
    /// change is not acknowledged (its outcome is unknown) nor applied; once the server is
    /// back, the record is there or not (a crash of the server alone keeps the WAL it had
    /// written, a power cut may not), and either way every client reads the same model.
    @Test func aCrashBetweenTheCommitAndItsFlushIsNotAcknowledged() throws {
        let cluster = try PostgresPrivateCluster()
        defer { cluster.shutDown() }
        let cache = try TemporaryCache()
        let world = try StoreWorlds.demo()
        let store = try PostgresWorkspaceStore.create(conninfo: cluster.conninfo, workspace: "ws", cacheDirectory: cache.path,
                                                      actor: StoreWorlds.ana)
        try store.commit(Array(world.transactions.dropLast()))
        let last = UInt64(world.transactions.count)
        var crashes = 0
        store.beforeDurabilityWaitForTesting = {
            crashes += 1
            try cluster.crash()
        }
        let outcome = #expect(throws: PostgresStoreError.self) {
            try store.commit(deciding: { _ in [world.transactions[world.transactions.count - 1]] })
        }
        guard case .outcomeUnknown(_, let sequence, _) = outcome else {
            Issue.record("expected outcomeUnknown, got \(String(describing: outcome))")
            return
        }
        #expect(crashes == 1 && sequence == last)
        #expect(store.lastSequence == last - 1, "not applied while its flush is not known")
        store.beforeDurabilityWaitForTesting = nil

        try cluster.start()
        _ = try store.refresh()
        #expect(store.readOnlyReason == nil)
        let other = try PostgresWorkspaceStore.open(conninfo: cluster.conninfo, workspace: "ws",
                                                    cacheDirectory: cache.path + "/other", actor: StoreWorlds.ana)
        #expect(store.model == other.model)
        let rows = try PostgresConnection(cluster.conninfo).execute(
            "SELECT count(*), count(DISTINCT sequence) FROM partnerdash_journal")
        #expect(rows.integer(row: 0, column: 0) == Int64(other.lastSequence)
                    && rows.integer(row: 0, column: 1) == Int64(other.lastSequence))
    }

    /// A reader applies others' records once committed, which may be before their flush.
    /// When the server comes back without one (as after a crash that lost it: here the row
    /// is deleted behind partnerdash's back and the server restarted), the reader notices
    /// at its reconnect that the last record it applied is gone, reads the model again and
    /// goes on from what the server has, instead of from a state the journal no longer holds.
    @Test func aReaderWhoseRecordsTheServerLostReadsTheModelAgain() throws {
        let cluster = try PostgresPrivateCluster()
        defer { cluster.shutDown() }
        let cache = try TemporaryCache()
        let world = try StoreWorlds.demo()
        let count = world.transactions.count
        let writer = try PostgresWorkspaceStore.create(conninfo: cluster.conninfo, workspace: "ws",
                                                       cacheDirectory: cache.path, actor: StoreWorlds.ana)
        try writer.commit(Array(world.transactions.prefix(count - 2)))
        let reader = try PostgresWorkspaceStore.open(conninfo: cluster.conninfo, workspace: "ws",
                                                     cacheDirectory: cache.path + "/reader", actor: StoreWorlds.ana)
        try writer.commit(world.transactions[count - 2])
        writer.close()
        #expect(try reader.refresh() && reader.lastSequence == UInt64(count - 1))

        try PostgresTestServer.psql(cluster.conninfo, "DELETE FROM partnerdash_journal WHERE sequence = \(count - 1)")
        try cluster.restart()
        #expect(try reader.refresh(), "the model changed: read again")
        #expect(reader.lastSequence == UInt64(count - 2))
        let fresh = try PostgresWorkspaceStore.open(conninfo: cluster.conninfo, workspace: "ws",
                                                    cacheDirectory: cache.path + "/fresh", actor: StoreWorlds.ana)
        #expect(reader.model == fresh.model)

        // It writes on from there as any client would.
        try reader.commit(deciding: { _ in [world.transactions[count - 2]] })
        try reader.commit(deciding: { _ in [world.transactions[count - 1]] })
        #expect(reader.model == world.model)
    }
}
