import Foundation
import PartnerCore
@testable import PartnerPostgres
import PartnerStore
import TestSupport
import Testing

/// An import in the shared mode: its transactions are one row (record type 4, one sequence),
/// read whole by other clients and by a new one, and the actor column is checked against
/// every transaction inside it.
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct PostgresImportRecordTests {
    let conninfo: String
    let cache: TemporaryCache
    let world: WorldBuilder

    init() throws {
        conninfo = try PostgresTestServer.freshDatabase()
        cache = try TemporaryCache()
        world = try StoreWorlds.demo()
    }

    private func open(_ client: String, create: Bool = false) throws -> PostgresWorkspaceStore {
        create
            ? try PostgresWorkspaceStore.create(conninfo: conninfo, workspace: "ws", cacheDirectory: cache.other(client), actor: StoreWorlds.ana)
            : try PostgresWorkspaceStore.open(conninfo: conninfo, workspace: "ws", cacheDirectory: cache.other(client), actor: StoreWorlds.ana)
    }

    /// Three customers decided one after another, as an import decides its rows.
    private func threeCustomers(on model: PartnerModel) throws -> [Transaction] {
        var model = model
        let catalog = try StoreWorlds.catalog()
        return try (1...3).map { n in
            let (transaction, _) = try StoreWorlds.addCustomer("batch\(n)", on: model, catalog: catalog)
            model.apply(transaction, sequence: model.lastSequence + 1)
            return transaction
        }
    }

    @Test func anImportIsOneRowReadWholeByEveryClient() throws {
        let a = try open("a", create: true)
        try a.commit(world.transactions)
        let b = try open("b")
        let last = UInt64(world.transactions.count)
        let batch = try threeCustomers(on: a.model)
        #expect(try a.commit(batch, asOneRecord: true) == last + 1)
        #expect((1...3).map { StoreWorlds.customers(withPrefix: "batch\($0)", in: a.model) } == [1, 1, 1])
        #expect(a.model.auditLog.suffix(3).allSatisfy { $0.sequence == last + 1 })

        let rows = try PostgresConnection(conninfo).execute(
            "SELECT record_type, actor FROM partnerdash_journal WHERE workspace = 'ws' AND sequence > \(last)")
        #expect(rows.rowCount == 1)
        #expect(rows.integer(row: 0, column: 0) == 4 && rows.text(row: 0, column: 1) == StoreWorlds.ana)

        #expect(try b.waitForChanges(upTo: .seconds(20)))
        #expect(try b.refresh())
        #expect(b.model == a.model)
        let c = try open("c")
        #expect(c.model == a.model && c.openReport.replayedRecords == world.transactions.count + 1)
        #expect(c.model.invariantViolations(catalog: try StoreWorlds.catalog()).isEmpty)
    }

    /// A writer that decided before another client's import is told it is behind, reads the
    /// import's row and decides again after it; only that decision is appended.
    @Test func aWriterDecidesAfterAnotherClientsImport() throws {
        let a = try open("a", create: true)
        try a.commit(world.transactions)
        let b = try open("b")
        try a.commit(deciding: { model in try threeCustomers(on: model) }, asOneRecord: true)
        var seen: [[Int]] = []
        let last = try b.commit(deciding: { model in
            seen.append((1...3).map { StoreWorlds.customers(withPrefix: "batch\($0)", in: model) })
            return [try StoreWorlds.addCustomer("afterbatch", on: model, catalog: try StoreWorlds.catalog()).transaction]
        })
        #expect(seen == [[0, 0, 0], [1, 1, 1]], "decided on its stale model, then again after the import's row")
        #expect(last == UInt64(world.transactions.count) + 2)
        #expect(try a.refresh() && a.model == b.model)
    }

    /// The database checked the login role against the one actor column; a row of many
    /// transactions inserted behind `partnerdash_append`'s back under another actor is refused.
    @Test func aManyTransactionRowUnderAnotherActorIsRefused() throws {
        let a = try open("a", create: true)
        try a.commit(world.transactions)
        let b = try open("b")
        let last = world.transactions.count
        try PostgresTestServer.psql(conninfo, """
            INSERT INTO partnerdash_journal (workspace, sequence, record_type, payload, actor, appended_by)
            VALUES ('ws', \(last + 1), 4, decode('\(Self.hex(ModelCodec.encode(oneRecord: try threeCustomers(on: a.model)).payload))', 'hex'),
                    'mallory@evil.example', 'postgres')
            """)
        let refused = #expect(throws: StoreError.self) { try b.refresh() }
        #expect("\(String(describing: refused))".contains("actor column says mallory@evil.example"))
        #expect(b.model == world.model, "nothing of that read is applied")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
