import Foundation
import PartnerCore
import PartnerPostgres
import PartnerWorkspace
import TestSupport
import Testing

/// In the shared mode too, the terms found ended at one sign-in are one row (record type 4,
/// as an import), or a few of a bounded size, read whole by every client.
@MainActor
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct SharedTermEndsTests {
    static let later = SharedDashboardTests.now.addingTimeInterval(40 * 86_400)

    static func rowTypes(after sequence: UInt64, _ conninfo: String) throws -> [Int] {
        let rows = try PostgresConnection(conninfo).execute(
            "SELECT record_type FROM partnerdash_journal WHERE workspace = 'ws' AND sequence > \(sequence) ORDER BY sequence")
        return (0..<rows.rowCount).compactMap { rows.integer(row: $0, column: 0).map(Int.init) }
    }

    @Test(arguments: [Workspace.termEndsPerRecord, 2])
    func theTermsDueAtOneSignInAreRowsOfABoundedSize(perRecord: Int) throws {
        let conninfo = try PostgresTestServer.freshDatabase()
        let (location, environment) = try SharedDashboardTests.demo(conninfo: conninfo)
        defer { SharedDashboardTests.removeLocalFiles(environment) }
        let (workspace, _) = try SharedDashboardTests.session(location, environment, as: nil)
        defer { workspace.close() }
        workspace.now = { Self.later }
        let due = workspace.model.termEnds(dueBy: Self.later, catalog: workspace.catalog).count
        try #require(due > 2, "the demo has monthly terms")
        let before = workspace.model.lastSequence
        let ana = try #require(workspace.model.user(principal: DemoWorld.providerAdmin))
        let recorder = TermEndRecorder(userPrincipalName: ana.userPrincipalName, accountId: ana.accountId)

        #expect(try workspace.recordTermEnds(at: Self.later, for: recorder, perRecord: perRecord) == due)
        let rows = (due + perRecord - 1) / perRecord
        #expect(try Self.rowTypes(after: before, conninfo) == Array(repeating: 4, count: rows))
        #expect(workspace.model.lastSequence == before + UInt64(rows))
        #expect(workspace.model.termEnds(dueBy: Self.later, catalog: workspace.catalog).isEmpty)

        let (other, _) = try SharedDashboardTests.session(location, environment, as: nil)
        defer { other.close() }
        #expect(other.model == workspace.model)
    }
}
