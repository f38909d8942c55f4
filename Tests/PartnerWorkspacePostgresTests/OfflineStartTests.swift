import Foundation
import PartnerCore
import PartnerDashboard
import PartnerPostgres
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres
import TerminalKit
import TestSupport
import Testing

/// A dashboard started while its PostgreSQL server is down opens this machine's copy
/// (the local snapshot cache a dashboard keeps) read-only, saying why and since when,
/// refuses changes, and once the server answers catches up with what others appended,
/// becomes writable and says so; a change then lands once.
@MainActor
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct OfflineStartTests {
    static func dashboard(_ session: DashboardSession) -> App {
        let shell = DashboardShell(session: session)
        return App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.startScreen())
    }

    @Test func aDashboardStartedWithoutTheServerShowsItsLocalCopyUntilTheServerAnswers() throws {
        let cluster = try PostgresPrivateCluster()
        defer { cluster.shutDown() }
        let (location, environment) = try SharedDashboardTests.demo(conninfo: cluster.conninfo)
        defer { SharedDashboardTests.removeLocalFiles(environment) }

        // A first dashboard on this machine leaves the model it opened in its local cache.
        let (first, firstSession) = try SharedDashboardTests.session(location, environment, as: DemoWorld.providerAdmin)
        let seen = first.model
        #expect(first.backend.isCheckpointDue, "the cache is behind the rows it replayed")
        let firstApp = Self.dashboard(firstSession)
        firstApp.tick()
        first.backend.waitUntilCheckpointWritten()
        firstApp.tick()
        #expect(!first.backend.isCheckpointDue && firstSession.durability == .saved)
        first.close()

        try cluster.stop()
        // Without the local copy allowed (what `check` and writes need), the server's error as before.
        #expect(throws: PostgresStoreError.self) {
            try SharedWorkspace.open(location, catalog: SharedDashboardTests.catalog(), environment: environment)
        }
        let workspace = try SharedWorkspace.open(location, catalog: SharedDashboardTests.catalog(),
                                                 localCopyWhileUnreachable: true, environment: environment)
        defer { workspace.close() }
        workspace.now = { SharedDashboardTests.now }
        #expect(workspace.model == seen)
        #expect(SharedWorkspace.localCopySequence(of: workspace) == seen.lastSequence)
        let backend = try #require(workspace.backend as? PostgresBackend)
        backend.reconnectInterval = .zero
        let session = DashboardSession(workspace: workspace, timeZone: TimeZone(identifier: "UTC")!)
        let ana = try #require(workspace.model.user(principal: DemoWorld.providerAdmin))
        #expect(session.signIn(ana.id) == nil)
        let app = Self.dashboard(session)
        app.tick()
        let offline = app.render().text
        #expect(offline.contains("READ-ONLY: PostgreSQL unreachable since "), "\(offline)")
        guard case .readOnly(let reason) = session.durability else {
            Issue.record("expected read-only, got \(session.durability)")
            return
        }
        #expect(reason.contains("local copy of change \(seen.lastSequence), "), "\(reason)")
        let dana = Command.addUser(displayName: "Dana Park", userPrincipalName: "dana", roles: [.salesAgent])
        #expect(throws: SessionError.readOnly(reason)) { try session.execute(dana) }
        // The facade refuses too (a CLI write: exit 3), saying nothing was saved.
        let refused = #expect(throws: StoreError.self) { try workspace.execute(dana, as: .user(ana.id)) }
        #expect("\(String(describing: refused))".contains("nothing was saved"))
        #expect(workspace.model == seen)

        // The server is back, and someone else appended meanwhile.
        try cluster.start()
        let (other, otherSession) = try SharedDashboardTests.session(location, environment, as: DemoWorld.providerAdmin)
        try otherSession.execute(.addUser(displayName: "Cara Diaz", userPrincipalName: "cara", roles: [.salesAgent]))
        other.close()
        app.tick()
        guard case .resumed(let note) = session.durability else {
            Issue.record("expected the note that changes are saved again, got \(session.durability)")
            return
        }
        #expect(note.contains("caught up 1 change(s)"), "\(note)")
        #expect(app.render().text.contains("saved · PostgreSQL answers again"), "\(app.render().text)")
        #expect(workspace.model.users.values.contains { $0.displayName == "Cara Diaz" })
        try session.execute(dana)
        #expect(workspace.model.users.values.filter { $0.displayName == "Dana Park" }.count == 1)

        // In the database: every row once, and the same model as this client's.
        let check = try PostgresWorkspaceCheck.run(conninfo: cluster.conninfo, workspace: "ws")
        #expect(check.isHealthy, "\(check.problems)")
        #expect(check.records.count == Int(seen.lastSequence) + 2)
        #expect(try check.model.map(ModelDigest.hex) == ModelDigest.hex(workspace.model))
        backend.noticeDuration = .zero
        #expect(session.durability == .saved)
    }

    @Test func withoutALocalCopyTheServersErrorSaysSo() throws {
        let cluster = try PostgresPrivateCluster()
        defer { cluster.shutDown() }
        let (location, environment) = try SharedDashboardTests.demo(conninfo: cluster.conninfo)
        defer { SharedDashboardTests.removeLocalFiles(environment) }
        try cluster.stop()
        let error = #expect(throws: PostgresStoreError.self) {
            try SharedWorkspace.open(location, catalog: SharedDashboardTests.catalog(), localCopyWhileUnreachable: true,
                                     environment: environment)
        }
        #expect("\(String(describing: error))".contains("this machine keeps no copy of workspace ws"))
    }
}
