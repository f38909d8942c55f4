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

/// `partnerdash roles map` / `unmap` while a client is open: the change takes effect
/// without a restart. A removed mapping stops the next append with the rule's refusal
/// (nothing saved, nothing applied) and turns the dashboard read-only for that user; a
/// new one appears in Sign in's list.
@MainActor
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct RoleMappingChangeTests {
    static let ben = "ben@contosodistribution.onmicrosoft.com"

    /// The demo in a fresh database, and a login role mapped to ana only; its conninfo.
    static func demoWithRole() throws -> (owner: PostgresWorkspaces, role: String, location: DataLocation, [String: String]) {
        let conninfo = try PostgresTestServer.freshDatabase()
        let (_, environment) = try SharedDashboardTests.demo(conninfo: conninfo)
        defer { SharedDashboardTests.removeLocalFiles(environment) }
        let role = "sales_\(UInt32.random(in: 0...UInt32.max))"
        try PostgresTestServer.psql(conninfo, "CREATE ROLE \(role) LOGIN")
        let owner = PostgresWorkspaces(connection: try PostgresConnection(conninfo))
        try owner.map(role: role, to: DemoWorld.providerAdmin, in: "ws")
        let asRole = conninfo.split(separator: " ").filter { !$0.hasPrefix("user=") }.joined(separator: " ") + " user=\(role)"
        return (owner, role, .postgres(conninfo: asRole, workspace: "ws"), environment)
    }

    @Test func aMappingRemovedWhileOpenStopsTheNextAppendNamingTheRule() throws {
        let (owner, role, location, environment) = try Self.demoWithRole()
        defer { SharedDashboardTests.removeLocalFiles(environment) }
        let (workspace, session) = try SharedDashboardTests.session(location, environment, as: DemoWorld.providerAdmin)
        defer { workspace.close() }
        try session.execute(.addUser(displayName: "Dana Park", userPrincipalName: "dana", roles: [.salesAgent]))
        let before = workspace.model

        try owner.unmap(role: role, from: DemoWorld.providerAdmin, in: "ws")
        let refusal = #expect(throws: WorkspaceError.self) {
            try session.execute(.addUser(displayName: "Eli Moss", userPrincipalName: "eli", roles: [.salesAgent]))
        }
        let message = refusal?.description ?? ""
        #expect(message.contains("the role's mapping changed") && message.contains("nothing was saved")
                && message.contains("not as \(DemoWorld.providerAdmin)"), "\(message)")
        // Nothing applied here, nothing stored there, and the client knows it may no longer write.
        #expect(workspace.model == before)
        let stored = try PostgresJournal(connection: owner.connection, workspace: "ws", actor: "").storedLastSequence()
        #expect(stored == before.lastSequence)
        guard case .readOnly(let reason) = session.durability else {
            Issue.record("expected read-only, got \(session.durability)")
            return
        }
        #expect(reason.contains("may not act as \(DemoWorld.providerAdmin)"), "\(reason)")
        // Mapped again: writable again at the next sign-in, and the change goes through once.
        try owner.map(role: role, to: DemoWorld.providerAdmin, in: "ws")
        let ana = try #require(workspace.model.user(principal: DemoWorld.providerAdmin))
        #expect(session.signIn(ana.id) == nil)
        #expect(session.durability == .saved)
        try session.execute(.addUser(displayName: "Eli Moss", userPrincipalName: "eli", roles: [.salesAgent]))
        #expect(workspace.model.users.values.filter { $0.displayName == "Eli Moss" }.count == 1)
    }

    @Test func anOpenDashboardFollowsMappingChangesAtItsNextRead() throws {
        let (owner, role, location, environment) = try Self.demoWithRole()
        defer { SharedDashboardTests.removeLocalFiles(environment) }
        let (workspace, session) = try SharedDashboardTests.session(location, environment, as: nil)
        defer { workspace.close() }
        let backend = try #require(workspace.backend as? PostgresBackend)
        backend.fallbackReadInterval = .zero
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.startScreen())
        let benUser = try #require(workspace.model.user(principal: Self.ben))
        #expect(!app.render().text.contains(benUser.displayName))

        // Mapped while the Sign in page is open: listed at the next read, and accepted.
        try owner.map(role: role, to: Self.ben, in: "ws")
        app.tick()
        #expect(app.render().text.contains(benUser.displayName), "\(app.render().text)")
        #expect(session.signIn(benUser.id) == nil)
        #expect(session.durability == .saved)

        // Unmapped while signed in: the top bar says read-only without anyone trying a change.
        try owner.unmap(role: role, from: Self.ben, in: "ws")
        app.tick()
        #expect(app.render().text.contains("READ-ONLY: PostgreSQL role \(role) may not act as"), "\(app.render().text)")
        #expect(throws: SessionError.self) {
            try session.execute(.addUser(displayName: "Eli Moss", userPrincipalName: "eli", roles: [.salesAgent]))
        }
    }
}
