import Foundation
import PartnerCore
import PartnerDashboard
import PartnerPostgres
import PartnerResources
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres
import TerminalKit
import TestSupport
import Testing

/// The dashboard's session over a workspace in PostgreSQL, through the same `Workspace`
/// facade as a directory: another client's change appears at the next idle tick, an
/// unreachable server is READ-ONLY with libpq's reason until it answers again, and a
/// database role signs in only as the users it is mapped to.
@MainActor
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct SharedDashboardTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func catalog() throws -> OfferCatalog {
        OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    }

    /// The demo world created in the database; `environment` keeps local files in a temporary directory.
    static func demo(conninfo: String) throws -> (DataLocation, [String: String]) {
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let catalog = try catalog()
        let world = try DemoWorld.build(names: names, catalog: catalog, now: now, fresh: SeededFreshValues(seed: 1))
        let location = DataLocation.postgres(conninfo: conninfo, workspace: "ws")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pd-shared-\(UUID().uuidString)").path
        let environment = ["XDG_DATA_HOME": scratch + "/data", "XDG_CACHE_HOME": scratch + "/cache", "HOME": scratch]
        try SharedWorkspace.createInPostgres(location, catalog: catalog, from: world, environment: environment).close()
        return (location, environment)
    }

    /// Removes the temporary directory `demo` made for a test's local files.
    nonisolated static func removeLocalFiles(_ environment: [String: String]) {
        if let home = environment["HOME"] { try? FileManager.default.removeItem(atPath: home) }
    }

    static func session(_ location: DataLocation, _ environment: [String: String], as principal: String?) throws
        -> (Workspace, DashboardSession)
    {
        let workspace = try SharedWorkspace.open(location, catalog: catalog(), environment: environment)
        workspace.now = { now }
        let session = DashboardSession(workspace: workspace, timeZone: TimeZone(identifier: "UTC")!)
        if let principal {
            let user = try #require(workspace.model.user(principal: principal))
            #expect(session.signIn(user.id) == nil)
        }
        return (workspace, session)
    }

    @Test func aChangeInOneDashboardAppearsInTheOtherAtTheNextTick() throws {
        let (location, environment) = try Self.demo(conninfo: try PostgresTestServer.freshDatabase())
        defer { SharedDashboardTests.removeLocalFiles(environment) }
        let (a, first) = try Self.session(location, environment, as: DemoWorld.providerAdmin)
        let (b, second) = try Self.session(location, environment, as: DemoWorld.providerAdmin)
        defer { a.close(); b.close() }
        #expect(a.fileStore == nil && a.locationDescription.hasSuffix("workspace=ws"))
        let shell = DashboardShell(session: second)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.startScreen())
        #expect(second.takeModelChange() == false)

        // The first tick reads the table and starts listening; after it, ticks read only
        // when a notification says there is something new (no fallback read in this test).
        try #require(b.backend as? PostgresBackend).fallbackReadInterval = .seconds(3600)
        app.tick()
        try first.execute(.addUser(displayName: "Dana Park", userPrincipalName: "dana", roles: [.salesAgent]))
        #expect(b.model.users.values.contains { $0.displayName == "Dana Park" } == false, "not read yet")
        // The notification reaches the listening connection a moment after the commit returns.
        let deadline = ContinuousClock.now + .seconds(10)
        while !b.model.users.values.contains(where: { $0.displayName == "Dana Park" }), ContinuousClock.now < deadline {
            app.tick()
        }
        #expect(b.model.users.values.contains { $0.displayName == "Dana Park" })
        #expect(b.model == a.model)
        #expect(second.durability == .saved)
    }

    @Test func anUnreachableServerIsReadOnlyWithTheReasonUntilItAnswers() throws {
        let cluster = try PostgresPrivateCluster()
        defer { cluster.shutDown() }
        let (location, environment) = try Self.demo(conninfo: cluster.conninfo)
        defer { SharedDashboardTests.removeLocalFiles(environment) }
        let (workspace, session) = try Self.session(location, environment, as: DemoWorld.providerAdmin)
        defer { workspace.close() }
        let backend = try #require(workspace.backend as? PostgresBackend)
        backend.reconnectInterval = .zero
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.startScreen())
        #expect(!app.render().text.contains("READ-ONLY"))

        try cluster.stop()
        app.tick()
        guard case .readOnly(let reason) = session.durability else {
            Issue.record("expected read-only, got \(session.durability)")
            return
        }
        #expect(reason.hasPrefix("PostgreSQL unreachable since "), "\(reason)")
        #expect(app.render().text.contains("READ-ONLY: PostgreSQL unreachable"), "\(app.render().text)")
        #expect(throws: SessionError.readOnly(reason)) {
            try session.execute(.addUser(displayName: "Dana Park", userPrincipalName: "dana", roles: [.salesAgent]))
        }

        try cluster.start()
        app.tick()
        #expect(session.durability == .saved)
        #expect(!app.render().text.contains("READ-ONLY"))
        try session.execute(.addUser(displayName: "Dana Park", userPrincipalName: "dana", roles: [.salesAgent]))
        #expect(workspace.model.users.values.contains { $0.displayName == "Dana Park" })
    }

    /// Opening checks what `partnerdash check` checks, in PostgreSQL as in a directory: rows
    /// appended behind the rules' back (two customers on one tenant domain) are refused.
    @Test func aWorkspaceThatBreaksAnInvariantIsNotOpened() throws {
        let (location, environment) = try Self.demo(conninfo: try PostgresTestServer.freshDatabase())
        defer { SharedDashboardTests.removeLocalFiles(environment) }
        guard case .postgres(let conninfo, let name) = location else { return }
        let store = try PostgresWorkspaceStore.open(conninfo: conninfo, workspace: name,
                                                    cacheDirectory: environment["XDG_CACHE_HOME"]! + "/partnerdash", actor: "")
        let customers = store.model.customers.values.sorted { $0.id.description < $1.id.description }
        var twin = customers[1]
        twin.companyProfile.domain = customers[0].companyProfile.domain
        try store.commit(Transaction(date: Self.now, userPrincipalName: DemoWorld.providerAdmin, accountId: nil,
                                     events: [.customerUpdated(twin)],
                                     audit: AuditEntry(operationType: .add_customer, resourceName: twin.name, involvedAccounts: [])))
        store.close()
        let error = #expect(throws: StoreError.self) { try SharedWorkspace.open(location, catalog: Self.catalog(), environment: environment) }
        #expect("\(String(describing: error))".contains("partnerdash check"), "\(String(describing: error))")
    }

    @Test func aRoleSignsInOnlyAsTheUsersItIsMappedTo() throws {
        let conninfo = try PostgresTestServer.freshDatabase()
        let (_, environment) = try Self.demo(conninfo: conninfo)
        defer { SharedDashboardTests.removeLocalFiles(environment) }
        let role = "sales_\(UInt32.random(in: 0...UInt32.max))"
        try PostgresTestServer.psql(conninfo, "CREATE ROLE \(role) LOGIN")
        let ben = "ben@contosodistribution.onmicrosoft.com"
        try PostgresWorkspaces(connection: PostgresConnection(conninfo)).map(role: role, to: DemoWorld.providerAdmin, in: "ws")
        let asRole = conninfo.split(separator: " ").filter { !$0.hasPrefix("user=") }.joined(separator: " ") + " user=\(role)"
        let (workspace, session) = try Self.session(.postgres(conninfo: asRole, workspace: "ws"), environment, as: nil)
        defer { workspace.close() }
        let ana = try #require(workspace.model.user(principal: DemoWorld.providerAdmin))
        let benUser = try #require(workspace.model.user(principal: ben))

        let refusal = try #require(session.signIn(benUser.id))
        #expect(refusal.contains("may act only as the workspace users it is mapped to") && refusal.contains(DemoWorld.providerAdmin)
                && refusal.contains("not as \(ben)"), "\(refusal)")
        #expect(session.user == nil)
        let screen = SignInScreen(session: session)
        var grid = CellGrid(size: .minimum)
        screen.render(into: &grid, area: Rect(row: 0, col: 0, height: 24, width: 80))
        #expect(grid.text.contains(ana.displayName) && !grid.text.contains(benUser.displayName), "\(grid.text)")
        #expect(grid.text.contains("PostgreSQL role \(role) acts only as the users"), "\(grid.text)")

        #expect(session.signIn(ana.id) == nil)
        #expect(session.user?.id == ana.id && session.durability == .saved)
        // The role's change as the user it is mapped to goes through…
        try session.execute(.addUser(displayName: "Dana Park", userPrincipalName: "dana", roles: [.salesAgent]))
        #expect(workspace.model.users.values.contains { $0.displayName == "Dana Park" })
        // …and one as anyone else is refused, naming the rule, before the database sees it.
        let asBen = #expect(throws: WorkspaceError.self) {
            try session.execute(.addUser(displayName: "Eli Moss", userPrincipalName: "eli", roles: [.salesAgent]), as: .user(benUser.id))
        }
        #expect(asBen?.description.contains("not as \(ben)") == true)
    }
}
