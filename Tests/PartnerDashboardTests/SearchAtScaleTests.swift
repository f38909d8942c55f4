import Foundation
import PartnerCore
@testable import PartnerDashboard
import PartnerResources
import PartnerWorkspace
@testable import TerminalKit
import Testing

/// What keeps Customers instant with a million of them: a keystroke makes the rows on
/// screen and no more, and the reseller picker's sorted list is kept until the model
/// changes, a change from another process included.
@MainActor
@Suite struct SearchAtScaleTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    @Test func aFilterKeystrokeMakesOnlyTheRowsOnScreen() throws {
        let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
        let world = try SyntheticWorld.build(resellers: 5, customers: 400, seed: 7, names: names, catalog: demo.workspace.catalog,
                                             now: DemoWorkspace.now)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pd-rows-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let workspace = try Workspace.create(at: directory, catalog: demo.workspace.catalog, from: world)
        defer { workspace.close() }
        workspace.now = { DemoWorkspace.now }
        let session = DashboardSession(workspace: workspace, timeZone: TimeZone(identifier: "UTC")!)
        session.signIn(try #require(workspace.model.user(principal: DemoWorld.providerAdmin)).id)
        let screen = CustomersScreen(session: session)
        let size = TerminalSize.minimum
        let app = App(terminal: TestTerminal(size: size), shell: DashboardShell(session: session), root: screen)
        let counter = RowBuildCounter()
        screen.rowBuilds = counter
        app.handle(.character("/"))
        _ = app.render()

        for key in "e" {
            counter.reset()
            app.handle(.character(key))
            _ = app.render()
            #expect(screen.listedCustomers.count > 100, "\"e\" matches most of 400")
            #expect(counter.rows > 0 && counter.rows <= size.rows, "\(counter.rows) rows made for \(screen.listedCustomers.count) matches")
        }
        // Opening a record makes its lines, not every customer's row.
        app.handle(.enter)
        app.handle(.down)
        counter.reset()
        app.handle(.right)
        _ = app.render()
        #expect(counter.rows <= 2 * size.rows)
        #expect(screen.rows.count > screen.listedCustomers.count, "the record is in the list")
    }

    /// `f` keeps its sorted list until the model changes; a partnership another process
    /// makes shows at the next `f` after the tick.
    @Test func thePickerShowsANewResellerAfterALiveUpdate() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let screen = CustomersScreen(session: session)
        let app = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: DashboardShell(session: session),
                      root: screen)
        let northwind = try demo.account("Northwind Cloud")
        app.handle(.character("f"))
        #expect(screen.pickerListing?.contains(northwind) == false)
        app.handle(.escape)

        let link = try demo.send(.reseller(northwind), as: DemoWorkspace.provider)
        let other = try Workspace.open(at: demo.directory, catalog: demo.workspace.catalog)
        other.now = { DemoWorkspace.now }
        let nadia = try #require(other.model.user(principal: DemoWorkspace.nadia)).id
        try other.execute(.authorizeProvider(invitation: link.invitationId, token: link.token, authorized: true), as: .user(nadia))
        other.close()

        app.handle(.character("f"))
        #expect(screen.pickerListing?.contains(northwind) == false, "nothing is read before the tick")
        app.handle(.escape)
        app.tick()
        app.handle(.character("f"))
        #expect(screen.pickerListing?.contains(northwind) == true)
        #expect(app.render().text.contains("Northwind Cloud"))
    }
}
